using System.Text;

namespace TradeNode.Bitcoin.Descriptors;

/// <summary>pk(KEY), pkh(KEY), wpkh(KEY) and combo(KEY).</summary>
internal sealed class KeyFunctionNode : DescriptorNode
{
    private readonly KeyExpression _key;

    public KeyFunctionNode(DescriptorType type, KeyExpression key)
    {
        Type = type;
        _key = key;
    }

    public override DescriptorType Type { get; }

    public override bool IsRange => _key.IsRange;

    public override bool HasPrivateKeys => _key.HasPrivateKey;

    public override IReadOnlyList<DescriptorOutput> Expand(uint index)
    {
        var key = _key.Derive(index);
        DescriptorKey[] keys = [key];
        var pubKey = key.PubKey;
        switch (Type)
        {
            case DescriptorType.Pk:
                return [new DescriptorOutput(DescriptorScripts.PayToPubKey(pubKey), null, null, keys)];
            case DescriptorType.Pkh:
                return [new DescriptorOutput(DescriptorScripts.PayToPubKeyHash(pubKey), null, null, keys)];
            case DescriptorType.Wpkh:
                return [new DescriptorOutput(DescriptorScripts.PayToWitPubKeyHash(pubKey), null, null, keys)];
            default:
                // BIP384: P2PK and P2PKH always; the segwit forms only for a compressed key.
                var outputs = new List<DescriptorOutput>(4)
                {
                    new(DescriptorScripts.PayToPubKey(pubKey), null, null, keys),
                    new(DescriptorScripts.PayToPubKeyHash(pubKey), null, null, keys),
                };
                if (pubKey.IsCompressed)
                {
                    var witness = DescriptorScripts.PayToWitPubKeyHash(pubKey);
                    outputs.Add(new DescriptorOutput(witness, null, null, keys));
                    outputs.Add(new DescriptorOutput(DescriptorScripts.PayToScriptHash(witness), witness, null, keys));
                }

                return outputs;
        }
    }

    public override void WriteTo(StringBuilder builder, bool includePrivate, Network network)
    {
        builder.Append(NameOf(Type)).Append('(');
        _key.WriteTo(builder, includePrivate, network);
        builder.Append(')');
    }
}
