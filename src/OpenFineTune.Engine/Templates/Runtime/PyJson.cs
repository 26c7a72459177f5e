using System.Text;

namespace OpenFineTune.Engine.Templates.Runtime;

/// <summary>Python's json.dumps as transformers' tojson filter calls it: ensure_ascii=False by default,
/// separators (', ', ': ') without indent and (',', ': ') with it, keys in insertion order unless sort_keys.</summary>
sealed class PyJson(string? indent, string itemSeparator, string keySeparator, bool sortKeys, bool ensureAscii)
{
    public static PyJson FromArguments(CallArguments args)
    {
        var indent = args.Get(0, "indent") switch
        {
            null or Undefined => null,
            long n => new string(' ', (int)n),
            string s => s,
            var other => throw new RenderError($"tojson indent must be an int or a string, got {Values.TypeName(other)}"),
        };
        var separators = args.Get(99, "separators") as List<object?>;
        var item = separators is { Count: 2 } ? Values.ToStr(separators[0]) : indent is null ? ", " : ",";
        var key = separators is { Count: 2 } ? Values.ToStr(separators[1]) : ": ";
        return new PyJson(indent, item, key, Values.IsTrue(args.Get(99, "sort_keys")), Values.IsTrue(args.Get(99, "ensure_ascii")));
    }

    public string Dump(object? value)
    {
        var builder = new StringBuilder();
        Write(builder, value, 0);
        return builder.ToString();
    }

    void Write(StringBuilder b, object? value, int depth)
    {
        switch (value)
        {
            case null: b.Append("null"); break;
            case bool v: b.Append(v ? "true" : "false"); break;
            case long v: b.Append(v); break;
            case double v: b.Append(double.IsNaN(v) ? "NaN" : double.IsInfinity(v) ? (v > 0 ? "Infinity" : "-Infinity") : PyFloat.Repr(v)); break;
            case string v: WriteString(b, v); break;
            case Markup v: WriteString(b, v.Text); break;
            case List<object?> list: WriteItems(b, '[', ']', list.Count, depth, (i, d) => Write(b, list[i], d)); break;
            case OrderedDictionary<string, object?> dict: WriteDict(b, dict, depth); break;
            default: throw new RenderError($"Object of type {Values.TypeName(value)} is not JSON serializable");
        }
    }

    void WriteDict(StringBuilder b, OrderedDictionary<string, object?> dict, int depth)
    {
        var pairs = sortKeys ? dict.OrderBy(p => p.Key, StringComparer.Ordinal).ToList() : dict.ToList();
        WriteItems(b, '{', '}', pairs.Count, depth, (i, d) =>
        {
            WriteString(b, pairs[i].Key);
            b.Append(keySeparator);
            Write(b, pairs[i].Value, d);
        });
    }

    void WriteItems(StringBuilder b, char open, char close, int count, int depth, Action<int, int> writeItem)
    {
        b.Append(open);
        if (count == 0) { b.Append(close); return; }
        for (var i = 0; i < count; i++)
        {
            if (i > 0) b.Append(itemSeparator);
            NewLine(b, depth + 1);
            writeItem(i, depth + 1);
        }
        NewLine(b, depth);
        b.Append(close);
    }

    void NewLine(StringBuilder b, int depth)
    {
        if (indent is null) return;
        b.Append('\n');
        for (var i = 0; i < depth; i++) b.Append(indent);
    }

    void WriteString(StringBuilder b, string s)
    {
        b.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                case '\b': b.Append("\\b"); break;
                case '\f': b.Append("\\f"); break;
                case < ' ': b.Append($"\\u{(int)c:x4}"); break;
                case > '\x7f' when ensureAscii: b.Append($"\\u{(int)c:x4}"); break;
                default: b.Append(c); break;
            }
        }
        b.Append('"');
    }
}
