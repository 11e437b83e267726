using System.Text;

namespace TradeNode.Bitcoin.Descriptors;

/// <summary>sh(SCRIPT) and wsh(SCRIPT).</summary>
internal sealed class ScriptHashNode : DescriptorNode
{
    private readonly DescriptorNode _inner;

    public ScriptHashNode(DescriptorType type, DescriptorNode inner)
    {
        Type = type;
        _inner = inner;
    }

    public override DescriptorType Type { get; }

    public override bool IsRange => _inner.IsRange;

    public override bool HasPrivateKeys => _inner.HasPrivateKeys;

    public override IReadOnlyList<DescriptorOutput> Expand(uint index)
    {
        // The parser only nests functions that give one script (never combo), so the inner output is single.
        var inner = _inner.Expand(index)[0];
        return Type == DescriptorType.Sh
            ? [new DescriptorOutput(DescriptorScripts.PayToScriptHash(inner.ScriptPubKey), inner.ScriptPubKey, inner.WitnessScript, inner.Keys)]
            : [new DescriptorOutput(DescriptorScripts.PayToWitScriptHash(inner.ScriptPubKey), null, inner.ScriptPubKey, inner.Keys)];
    }

    public override void WriteTo(StringBuilder builder, bool includePrivate, Network network)
    {
        builder.Append(NameOf(Type)).Append('(');
        _inner.WriteTo(builder, includePrivate, network);
        builder.Append(')');
    }
}
