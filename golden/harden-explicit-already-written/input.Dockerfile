FROM gcr.io/distroless/java21-debian12:nonroot
COPY target/app.jar /app/app.jar
USER 65532:65532
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
