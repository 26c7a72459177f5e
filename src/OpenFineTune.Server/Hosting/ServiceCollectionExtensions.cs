using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OpenFineTune.Engine.Serving;
using OpenFineTune.Server.Api.Common;
using OpenFineTune.Server.Api.Files;
using OpenFineTune.Server.Storage;

namespace OpenFineTune.Server.Hosting;

/// <summary>The composition steps Program.cs calls, one per concern.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>Room for the multipart framing around a file of the maximum size.</summary>
    const long MultipartOverheadBytes = 1024 * 1024;

    public static IServiceCollection AddServerOptions(this IServiceCollection services)
    {
        services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.Section)
            .Validate(o => o.MaxUploadBytes > 0, "MaxUploadBytes must be a positive number of bytes.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDir), "DataDir must name a directory.")
            .ValidateOnStart();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ServerOptions>>((kestrel, options) =>
            kestrel.Limits.MaxRequestBodySize = options.Value.MaxUploadBytes + MultipartOverheadBytes);
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>LiteDB metadata and disk blobs under the data dir. Another backend replaces these two registrations.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddSingleton(sp => new LiteDbMetadataStore(DataDir(sp)));
        services.AddSingleton<IMetadataStore>(sp => sp.GetRequiredService<LiteDbMetadataStore>());
        services.AddSingleton<IBlobStore>(sp => new DiskBlobStore(DataDir(sp)));
        services.AddSingleton<StoredFiles>();
        services.AddHostedService<StorageRecovery>();
        return services;
    }

    /// <summary>The base models. The engine issue replaces this with its own catalog (TryAdd lets it go first).</summary>
    public static IServiceCollection AddServedModels(this IServiceCollection services)
    {
        services.AddSingleton<ServedModelCatalog>();
        services.TryAddSingletonFrom<IBaseModelCatalog, ServedModelCatalog>();
        return services;
    }

    /// <summary>OpenAI protocol conventions: snake_case JSON, validators, JSON errors thrown to the error mapping, OpenAPI.</summary>
    public static IServiceCollection AddOpenAIApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        ValidationFilter.UseWireFieldNames();
        services.AddValidatorsFromAssemblyContaining<UploadFormValidator>(includeInternalTypes: true);
        services.AddSingleton<FileUploader>();
        services.AddOpenApi();
        return services;
    }

    static string DataDir(IServiceProvider sp) => sp.GetRequiredService<IOptions<ServerOptions>>().Value.DataDirFullPath;

    static void TryAddSingletonFrom<TService, TImpl>(this IServiceCollection services) where TService : class where TImpl : TService
    {
        if (services.Any(d => d.ServiceType == typeof(TService))) return;
        services.AddSingleton<TService>(sp => sp.GetRequiredService<TImpl>());
    }
}
