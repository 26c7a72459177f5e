namespace OpenFineTune.Engine.Datasets;

/// <summary>Counts every problem but keeps only the first <see cref="Capacity"/> in line order.</summary>
internal sealed class ProblemList(int capacity = DatasetValidator.MaxReportedProblems)
{
    readonly List<DatasetProblem> kept = [];

    public int Capacity { get; } = capacity;

    public int Total { get; private set; }

    public void Add(DatasetProblem problem)
    {
        Total++;
        kept.Add(problem);
        if (kept.Count <= Capacity) return;
        // Problems arrive almost in line order; a stable sort keeps same-line problems in the order found.
        var ordered = kept.OrderBy(p => p.Line).Take(Capacity).ToList();
        kept.Clear();
        kept.AddRange(ordered);
    }

    public IReadOnlyList<DatasetProblem> InLineOrder() => kept.OrderBy(p => p.Line).ToList();
}

/// <summary>The problems of one line: every reader reports through it, so each message names the line.</summary>
internal sealed class LineProblems(int line, ProblemList all)
{
    public int Line { get; } = line;

    public bool Any { get; private set; }

    public void Add(string? field, string code, string message)
    {
        Any = true;
        all.Add(new DatasetProblem(Line, message, field, code));
    }
}
