#!/bin/sh
# Stands in for the authorization server's RFC 7662 introspection endpoint:
# one live token; every other token (here: one revoked at the server) is inactive.
body=$(head -c "${CONTENT_LENGTH:-0}")
printf 'Content-Type: application/json\r\n\r\n'
case "&$body&" in
  *"&token=at_live_8d1f2c&"*) printf '{"active":true,"sub":"alice","scope":"read","client_id":"web","exp":4102444800}' ;;
  *) printf '{"active":false}' ;;
esac
