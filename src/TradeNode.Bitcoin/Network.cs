namespace TradeNode.Bitcoin;

/// <summary>The parameters that tell one Bitcoin network's encodings from another's.</summary>
public sealed class Network
{
    private Network(ChainName chain, string name, byte pubKeyAddress, byte scriptAddress, byte secretKey, uint extPubKey, uint extSecretKey, string bech32Hrp, int coinType)
    {
        ChainName = chain;
        Name = name;
        PubKeyAddressPrefix = pubKeyAddress;
        ScriptAddressPrefix = scriptAddress;
        SecretKeyPrefix = secretKey;
        ExtPubKeyVersion = extPubKey;
        ExtSecretKeyVersion = extSecretKey;
        Bech32Hrp = bech32Hrp;
        Bip44CoinType = coinType;
    }

    public static Network Main { get; } = new(ChainName.Main, "main", 0, 5, 128, 0x0488B21E, 0x0488ADE4, "bc", 0);

    public static Network TestNet { get; } = new(ChainName.TestNet, "testnet", 111, 196, 239, 0x043587CF, 0x04358394, "tb", 1);

    public static Network SigNet { get; } = new(ChainName.SigNet, "signet", 111, 196, 239, 0x043587CF, 0x04358394, "tb", 1);

    public static Network RegTest { get; } = new(ChainName.RegTest, "regtest", 111, 196, 239, 0x043587CF, 0x04358394, "bcrt", 1);

    public static IReadOnlyList<Network> All { get; } = [Main, TestNet, SigNet, RegTest];

    public ChainName ChainName { get; }

    public string Name { get; }

    public byte PubKeyAddressPrefix { get; }

    public byte ScriptAddressPrefix { get; }

    public byte SecretKeyPrefix { get; }

    /// <summary>BIP32 version bytes of an extended public key (xpub / tpub).</summary>
    public uint ExtPubKeyVersion { get; }

    /// <summary>BIP32 version bytes of an extended private key (xprv / tprv).</summary>
    public uint ExtSecretKeyVersion { get; }

    public string Bech32Hrp { get; }

    /// <summary>SLIP-44 coin type used in BIP44/84 paths: 0 on mainnet, 1 on every test network.</summary>
    public int Bip44CoinType { get; }

    /// <summary>Finds a network by name: main/mainnet, test/testnet/testnet4, signet, regtest.</summary>
    public static Network GetNetwork(string name) => TryGetNetwork(name, out var network)
        ? network
        : throw new FormatException($"Unknown network '{name}': use mainnet, testnet, signet or regtest.");

    public static bool TryGetNetwork(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Network? network)
    {
        network = name?.Trim().ToLowerInvariant() switch
        {
            "main" or "mainnet" or "bitcoin" => Main,
            "test" or "testnet" or "testnet3" or "testnet4" => TestNet,
            "signet" => SigNet,
            "regtest" or "reg" => RegTest,
            _ => null,
        };
        return network is not null;
    }

    public override string ToString() => Name;
}
