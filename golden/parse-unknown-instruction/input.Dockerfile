FROM alpine
FOO bar
