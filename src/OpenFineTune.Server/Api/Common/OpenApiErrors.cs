using Microsoft.AspNetCore.Http.Metadata;

namespace OpenFineTune.Server.Api.Common;

/// <summary>Documents the error envelope for the statuses a route (or a whole resource group) can answer with.</summary>
public static class OpenApiErrors
{
    public static TBuilder ProducesOpenAIErrors<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(OpenAIErrorEnvelope), ["application/json"]));
        return builder;
    }
}
