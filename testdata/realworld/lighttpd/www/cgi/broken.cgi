#!/bin/sh
# exits before printing anything
exit 1
