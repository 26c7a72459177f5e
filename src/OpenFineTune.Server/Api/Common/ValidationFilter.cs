using System.Text.Json;
using FluentValidation;

namespace OpenFineTune.Server.Api.Common;

/// <summary>
/// Runs the registered FluentValidation validator on a handler's <typeparamref name="T"/> argument before the
/// handler; a failure becomes a 400 whose <c>param</c> is the snake_case field name.
/// </summary>
public static class ValidationFilter
{
    /// <summary>Rules name fields as the wire does (MaxTokens -> max_tokens). FluentValidation keeps this globally.</summary>
    public static void UseWireFieldNames()
    {
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : SnakeCase(member.Name);
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : SnakeCase(member.Name);
    }

    public static string SnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    public static TBuilder WithValidation<TBuilder, T>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var argument = context.Arguments.OfType<T>().FirstOrDefault();
            if (argument is not null)
                await context.HttpContext.RequestServices.GetRequiredService<IValidator<T>>()
                    .ValidateAndThrowAsync(argument, context.HttpContext.RequestAborted);
            return await next(context);
        });

    /// <summary>For handlers that build their input themselves (multipart uploads).</summary>
    public static Task ValidateAndThrowAsync<T>(this HttpContext http, T value) =>
        http.RequestServices.GetRequiredService<IValidator<T>>().ValidateAndThrowAsync(value, http.RequestAborted);
}
