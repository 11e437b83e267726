using System.Text;

namespace TradeNode.Bitcoin.Descriptors;

/// <summary>One function of a parsed descriptor (pk, sh, multi, ...), which expands to output scripts.</summary>
internal abstract class DescriptorNode
{
    public abstract DescriptorType Type { get; }

    public abstract bool IsRange { get; }

    public abstract bool HasPrivateKeys { get; }

    /// <summary>The outputs for one index; every function but combo gives exactly one.</summary>
    public abstract IReadOnlyList<DescriptorOutput> Expand(uint index);

    public abstract void WriteTo(StringBuilder builder, bool includePrivate, Network network);

    protected static string NameOf(DescriptorType type) => type switch
    {
        DescriptorType.Pk => "pk",
        DescriptorType.Pkh => "pkh",
        DescriptorType.Wpkh => "wpkh",
        DescriptorType.Sh => "sh",
        DescriptorType.Wsh => "wsh",
        DescriptorType.Multi => "multi",
        DescriptorType.SortedMulti => "sortedmulti",
        DescriptorType.Combo => "combo",
        DescriptorType.Raw => "raw",
        _ => "addr",
    };
}
