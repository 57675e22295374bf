FROM registry.example.com/platform/runtime-base:ltsc2019
COPY publish/ /app/
WORKDIR /app
EXPOSE 8080
ENTRYPOINT ["dotnet", "Billing.Api.dll"]
