using System.Text.Json;

namespace OpenFineTune.Server.Tests.Docs;

/// <summary>The OpenAPI document describes every endpoint with snake_case schemas; Swagger UI is served at /docs.</summary>
public class ApiDocsTests
{
    [Fact]
    public async Task TheOpenApiDocumentListsEveryEndpointWithItsSchemas()
    {
        await using var app = new OpenFineTuneApp();

        var doc = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;

        var paths = doc.GetProperty("paths");
        Assert.True(paths.GetProperty("/v1/files").TryGetProperty("post", out var upload));
        Assert.True(upload.GetProperty("requestBody").GetProperty("content").TryGetProperty("multipart/form-data", out _));
        Assert.True(paths.GetProperty("/v1/files").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/files/{file_id}").TryGetProperty("delete", out _));
        Assert.True(paths.GetProperty("/v1/files/{file_id}/content").TryGetProperty("get", out _));
        Assert.True(paths.TryGetProperty("/v1/models", out _));
        Assert.Contains(paths.EnumerateObject(), p => p.Name.StartsWith("/v1/models/{"));
        var fileSchema = doc.GetProperty("components").GetProperty("schemas").GetProperty("FileObject").GetProperty("properties");
        Assert.True(fileSchema.TryGetProperty("created_at", out _));
        Assert.True(fileSchema.TryGetProperty("status", out _));
    }

    [Fact]
    public async Task SwaggerUiIsServedAtDocs()
    {
        await using var app = new OpenFineTuneApp();

        var html = await app.CreateClient().GetStringAsync("/docs/index.html");

        Assert.Contains("swagger", html, StringComparison.OrdinalIgnoreCase);
    }
}
