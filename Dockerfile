# OpenFineTune server image: SDK build stage -> ASP.NET runtime, non-root, state in /data, port 8000.
# The TorchSharp glibc fix runs inside `dotnet publish` (Directory.Build.targets), so any base image works.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/OpenFineTune.Server -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends curl libgomp1 && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 10001 --create-home openfinetune && mkdir /data && chown openfinetune /data
COPY --from=build /app /app
USER openfinetune
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD curl -fsS http://127.0.0.1:8000/health || exit 1
ENTRYPOINT ["dotnet", "/app/OpenFineTune.Server.dll", "--urls", "http://0.0.0.0:8000", "--data-dir", "/data"]
