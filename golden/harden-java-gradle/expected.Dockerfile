FROM gradle:8.7-jdk17 AS build

WORKDIR /home/gradle/project
COPY --chown=gradle:gradle . .
RUN ./gradlew bootJar --no-daemon


FROM gcr.io/distroless/java17-debian12:nonroot
COPY --from=build /home/gradle/project/build/libs/app.jar /home/gradle/project/build/libs/app.jar
WORKDIR /home/gradle/project
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/usr/bin/java", "-Xmx512m", "-jar", "build/libs/app.jar"]
