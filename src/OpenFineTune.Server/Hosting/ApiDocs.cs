namespace OpenFineTune.Server.Hosting;

/// <summary>The OpenAPI document at /openapi/v1.json and Swagger UI at /docs.</summary>
public static class ApiDocs
{
    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi();
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "docs";
            ui.SwaggerEndpoint("/openapi/v1.json", "OpenFineTune v1");
            ui.DocumentTitle = "OpenFineTune API";
        });
        return app;
    }
}
