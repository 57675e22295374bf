# escape=`
FROM mcr.microsoft.com/dotnet/framework/sdk:4.8 AS build
WORKDIR /app
COPY *.sln .
COPY LegacyPortal/*.csproj ./LegacyPortal/
RUN nuget restore
COPY LegacyPortal/. ./LegacyPortal/
RUN msbuild /p:Configuration=Release /p:OutputPath=C:\out

FROM mcr.microsoft.com/dotnet/framework/aspnet:4.8
WORKDIR /inetpub/wwwroot
COPY --from=build /out/_PublishedWebsites/LegacyPortal/. ./
