using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>Turns caller data (System.Text.Json nodes/elements, dictionaries, lists, plain objects) into
/// template values. JSON integers become int and other numbers float, as Python's json.loads does.</summary>
static class ValueConverter
{
    public static object? From(object? value) => value switch
    {
        null => null,
        string or bool or long or double or Undefined or Namespace or Callable => value,
        int or short or byte or sbyte or uint or ushort => Convert.ToInt64(value),
        ulong u => (long)u,
        float f => (double)f,
        decimal m => (double)m,
        JsonNode node => FromNode(node),
        JsonElement element => FromElement(element),
        IDictionary dictionary => FromDictionary(dictionary),
        IEnumerable<KeyValuePair<string, object?>> pairs => ToDict(pairs.Select(p => (p.Key, p.Value))),
        IEnumerable sequence => sequence.Cast<object?>().Select(From).ToList(),
        Enum e => e.ToString(),
        _ => FromObject(value),
    };

    static object? FromNode(JsonNode node) => node switch
    {
        JsonObject obj => ToDict(obj.Select(p => (p.Key, (object?)p.Value))),
        JsonArray array => array.Select(n => From(n)).ToList(),
        _ => FromElement(node.GetValue<JsonElement>()),
    };

    static object? FromElement(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ToDict(element.EnumerateObject().Select(p => (p.Name, (object?)p.Value))),
        JsonValueKind.Array => element.EnumerateArray().Select(e => FromElement(e)).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) && !element.GetRawText().Contains('.') ? (object)l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    static OrderedDictionary<string, object?> FromDictionary(IDictionary dictionary)
    {
        var pairs = new List<(string, object?)>();
        foreach (DictionaryEntry entry in dictionary) pairs.Add((Convert.ToString(entry.Key) ?? "", entry.Value));
        return ToDict(pairs);
    }

    static OrderedDictionary<string, object?> ToDict(IEnumerable<(string Key, object? Value)> pairs)
    {
        var dict = new OrderedDictionary<string, object?>();
        foreach (var (key, value) in pairs) dict[key] = From(value);
        return dict;
    }

    // Plain objects (records, anonymous types): public properties by their JSON name, else snake_case, nulls kept.
    static OrderedDictionary<string, object?> FromObject(object value) =>
        ToDict(value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? SnakeCase(p.Name), p.GetValue(value))));

    static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
