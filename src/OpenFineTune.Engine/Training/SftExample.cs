namespace OpenFineTune.Engine.Training;

/// <summary>
/// One tokenized training example: <see cref="InputIds"/> and, per token, whether the loss trains on predicting it
/// (assistant tokens of weight-1 messages, with their end-of-turn token). <see cref="FullLength"/> is the length
/// before truncation to the model's context.
/// </summary>
public sealed record SftExample(int Line, int[] InputIds, bool[] Trained, int FullLength)
{
    public int Length => InputIds.Length;

    public bool Truncated => FullLength > InputIds.Length;

    public int TrainedTokens => Trained.Count(t => t);
}
