# OpenFineTune server image: SDK build stage -> ASP.NET runtime, non-root, state in /data, port 8000.
#   docker build -t openfinetune .   &&   docker run -p 8000:8000 -v openfinetune-data:/data openfinetune
# The TorchSharp glibc fix runs inside `dotnet publish` (Directory.Build.targets), so any base image works.
# CI (.ci/run) runs the same publish command; Server.Tests/Docker/DockerfilePublishTests.cs keeps the two equal.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/OpenFineTune.Server -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# curl for the HEALTHCHECK; libgomp1 for libtorch's OpenMP threads.
RUN apt-get update && apt-get install -y --no-install-recommends curl libgomp1 && rm -rf /var/lib/apt/lists/* \
    && mkdir /data && chown "$APP_UID" /data
COPY --from=build /app /app
# The image's own non-root user (app, uid $APP_UID). The built-in model is written to /data on first start: no network.
USER $APP_UID
ENV ASPNETCORE_HTTP_PORTS=8000 \
    OpenFineTune__DataDir=/data
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD curl -fsS http://127.0.0.1:8000/health || exit 1
# Arguments after the image name are server options: docker run … openfinetune --api-key sk-local --model /models/X
ENTRYPOINT ["dotnet", "/app/OpenFineTune.Server.dll"]
