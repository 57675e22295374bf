FROM gradle:8.5-jdk17

WORKDIR /home/gradle/src
COPY --chown=gradle:gradle . .
RUN gradle bootJar --no-daemon
RUN mv build/libs/*.jar /home/gradle/service.jar

EXPOSE 8081
CMD ["java", "-jar", "/home/gradle/service.jar"]
