namespace TradeNode.Bitcoin.Psbt;

/// <summary>One problem a PSBT role found: the input it concerns (null for the PSBT as a whole) and a sentence.</summary>
public sealed record PSBTError(int? InputIndex, string Message)
{
    public override string ToString() => InputIndex is { } index ? $"Input {index}: {Message}" : Message;
}
