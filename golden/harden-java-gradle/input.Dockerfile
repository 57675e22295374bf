FROM gradle:8.7-jdk17

WORKDIR /home/gradle/project
COPY --chown=gradle:gradle . .
RUN ./gradlew bootJar --no-daemon

EXPOSE 8080
ENTRYPOINT ["java", "-Xmx512m", "-jar", "build/libs/app.jar"]
