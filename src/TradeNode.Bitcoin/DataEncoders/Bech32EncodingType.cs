namespace TradeNode.Bitcoin.DataEncoders;

/// <summary>The two checksum constants of the Bech32 family.</summary>
public enum Bech32EncodingType
{
    /// <summary>BIP173 checksum (constant 1): segwit version 0 addresses.</summary>
    Bech32,

    /// <summary>BIP350 checksum (constant 0x2bc830a3): segwit version 1 to 16 addresses.</summary>
    Bech32m,
}
