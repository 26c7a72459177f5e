using System.Globalization;
using System.Text.RegularExpressions;

namespace OpenFineTune.Server.Tests.Metrics;

/// <summary>Reads samples out of Prometheus' text exposition format, as a PromQL selector would.</summary>
static class PrometheusText
{
    /// <summary>The sum of every sample of <paramref name="metric"/> whose labels include all of <paramref name="labels"/>
    /// (e.g. <c>model="x"</c>); fails when there is none.</summary>
    public static double Sum(string exposition, string metric, params string[] labels)
    {
        var values = exposition.Split('\n')
            .Select(line => Regex.Match(line, @"^(\w+)(?:\{(.*)\})? (\S+)"))
            .Where(m => m.Success && m.Groups[1].Value == metric && labels.All(l => m.Groups[2].Value.Contains(l, StringComparison.Ordinal)))
            .Select(m => double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(values.Count > 0, $"no {metric} sample with {string.Join(",", labels)} in:\n{exposition}");
        return values.Sum();
    }
}
