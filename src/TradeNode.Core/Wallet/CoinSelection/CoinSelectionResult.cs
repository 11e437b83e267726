namespace TradeNode.Core.Wallet.CoinSelection;

/// <summary>The coins chosen, whether the transaction gets a change output, the waste score and which algorithm won.</summary>
internal sealed record CoinSelectionResult(IReadOnlyList<SelectionCandidate> Inputs, bool HasChange, long Waste, string Algorithm)
{
    public long EffectiveValue => Inputs.Sum(i => i.EffectiveValue);

    public long Value => Inputs.Sum(i => i.Value);
}
