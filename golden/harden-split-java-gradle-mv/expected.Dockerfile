FROM gradle:8.5-jdk17 AS build

WORKDIR /home/gradle/src
COPY --chown=gradle:gradle . .
RUN gradle bootJar --no-daemon
RUN mv build/libs/*.jar /home/gradle/service.jar


FROM gcr.io/distroless/java17-debian12:nonroot
COPY --from=build /home/gradle/service.jar /home/gradle/service.jar
WORKDIR /home/gradle/src
USER 65532:65532
EXPOSE 8081
CMD ["/home/gradle/service.jar"]
