namespace TradeNode.Bitcoin.Fees;

/// <summary>The spend type of one input; <see cref="RequiredSignatures"/> and <see cref="TotalKeys"/> matter for multisig.</summary>
public readonly record struct EstimatedInput(InputSpendKind Kind, int RequiredSignatures = 1, int TotalKeys = 1)
{
    public static EstimatedInput Multisig(InputSpendKind kind, int required, int total) => new(kind, required, total);
}
