FROM eclipse-temurin:21-jdk

COPY snippets/ /snippets/
CMD ["jshell"]
