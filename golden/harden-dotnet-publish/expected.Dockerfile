FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build

WORKDIR /src
COPY *.csproj ./
RUN dotnet restore
COPY . .
RUN dotnet publish -c Release -o /app/publish

WORKDIR /app/publish
ENV ASPNETCORE_URLS=http://+:8080

FROM mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled
COPY --from=build /app/publish /app/publish
WORKDIR /app/publish
ENV ASPNETCORE_URLS=http://+:8080
USER 1654:1654
EXPOSE 8080
ENTRYPOINT ["dotnet", "App.dll"]
