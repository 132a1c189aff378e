#!/bin/sh
# prints no header, so Apache answers 500
echo "oops"
exit 1
