namespace TradeNode.Bitcoin.Scripting;

/// <summary>What a bare multisig script holds: m signatures needed out of the listed keys.</summary>
public sealed class PayToMultiSigTemplateParameters
{
    public PayToMultiSigTemplateParameters(int signatureCount, IReadOnlyList<PubKey> pubKeys)
    {
        ArgumentNullException.ThrowIfNull(pubKeys);
        SignatureCount = signatureCount;
        PubKeys = pubKeys;
    }

    public int SignatureCount { get; }

    public IReadOnlyList<PubKey> PubKeys { get; }
}
