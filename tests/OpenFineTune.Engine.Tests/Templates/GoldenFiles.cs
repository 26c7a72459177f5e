using System.Text.Json.Nodes;

namespace OpenFineTune.Engine.Tests.Templates;

/// <summary>Reference outputs under Templates/Golden (each file's producing script says where they came from).</summary>
static class GoldenFiles
{
    public static string Directory => Path.Combine(TestPaths.RepoRoot, "tests", "OpenFineTune.Engine.Tests", "Templates", "Golden");

    public static JsonArray Load(string name) => (JsonArray)JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, name)))!;

    public static string FixtureText(string relativePath)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.Fixtures, relativePath));
        return relativePath.EndsWith(".json") ? JsonNode.Parse(text)!["chat_template"]!.GetValue<string>() : text;
    }

    public static Dictionary<string, object?> Extra(JsonNode? extra) =>
        extra is JsonObject obj ? obj.ToDictionary(p => p.Key, p => (object?)p.Value) : [];

    public static TheoryData<int> Indices(string name)
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Load(name).Count; i++) data.Add(i);
        return data;
    }
}

/// <summary>The clock the golden files were rendered with (hf_env.FIXED_NOW), in a UTC local zone.</summary>
sealed class FixedClock : TimeProvider
{
    public static readonly DateTimeOffset Now = new(2024, 9, 5, 14, 30, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
