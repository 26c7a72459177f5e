namespace OpenFineTune.Engine.Training;

/// <summary>Linear warm-up over the first steps, then cosine decay towards 0 at <paramref name="totalSteps"/>.</summary>
public sealed class LrSchedule(double peak, int totalSteps, double warmupFraction = 0.05)
{
    public int WarmupSteps { get; } = Math.Max(1, (int)Math.Round(totalSteps * warmupFraction));

    /// <summary>The rate for optimiser step <paramref name="step"/> (0-based).</summary>
    public double At(int step)
    {
        if (step < WarmupSteps) return peak * (step + 1) / WarmupSteps;
        var progress = (double)(step - WarmupSteps) / Math.Max(1, totalSteps - WarmupSteps);
        return peak * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, progress)));
    }
}
