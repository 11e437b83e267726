using TradeNode.Bitcoin.DataEncoders;
using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin.Addresses;

/// <summary>A P2TR address (BIP341, BIP350): Bech32m of witness version 1 and the 32-byte x-only output key.</summary>
public sealed class TaprootAddress : BitcoinAddress
{
    private readonly byte[] _outputKey;

    public TaprootAddress(ReadOnlySpan<byte> outputKey, Network network)
        : base(Encoders.Bech32(network?.Bech32Hrp ?? "bc").Encode(1, CheckKey(outputKey)), network!)
    {
        _outputKey = outputKey.ToArray();
    }

    /// <summary>The 32-byte x-only output key (already tweaked).</summary>
    public byte[] OutputKey => (byte[])_outputKey.Clone();

    public override Script ScriptPubKey => PayToTaprootTemplate.Instance.GenerateScriptPubKey(_outputKey);

    private static ReadOnlySpan<byte> CheckKey(ReadOnlySpan<byte> key) => key.Length == 32
        ? key
        : throw new ArgumentException($"A taproot address holds a 32-byte output key, not {key.Length} bytes.", nameof(key));
}
