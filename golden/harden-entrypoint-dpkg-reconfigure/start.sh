#!/bin/sh
set -e
echo "slapd slapd/domain string ${LDAP_DOMAIN}" | debconf-set-selections
dpkg-reconfigure -f noninteractive slapd
exec slapd -u openldap -g openldap -h "ldap:/// ldapi:///" -d 0
