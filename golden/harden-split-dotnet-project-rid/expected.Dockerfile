FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /app
COPY . .
RUN dotnet publish src/Web/Web.csproj -c Release -r linux-x64 --self-contained false

FROM mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled
COPY --from=build /app/src/Web/bin/Release/net8.0/linux-x64/publish /app/src/Web/bin/Release/net8.0/linux-x64/publish
WORKDIR /app
USER 1654:1654
EXPOSE 8080
ENTRYPOINT ["dotnet", "src/Web/bin/Release/net8.0/linux-x64/publish/Web.dll"]
