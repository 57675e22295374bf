FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build

WORKDIR /src
COPY Orders.Api.csproj .
RUN dotnet restore
COPY . .
RUN dotnet publish -c Release --no-restore

WORKDIR /src/bin/Release/net8.0/publish
ENV ASPNETCORE_HTTP_PORTS=8080

FROM mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled
COPY --from=build /src/bin/Release/net8.0/publish /src/bin/Release/net8.0/publish
WORKDIR /src/bin/Release/net8.0/publish
ENV ASPNETCORE_HTTP_PORTS=8080
USER 1654:1654
EXPOSE 8080
ENTRYPOINT ["dotnet", "Orders.Api.dll"]
