namespace TradeNode.Bitcoin.Bip32;

/// <summary>
/// The standard derivation paths TradeNode uses. The coin type is SLIP-44's (<see cref="Network.Bip44CoinType"/>:
/// 0 on mainnet, 1 on every test network).
/// </summary>
public static class KeyPaths
{
    /// <summary>BIP84 purpose: single-key native segwit (P2WPKH) wallets.</summary>
    public const int Bip84Purpose = 84;

    /// <summary>BIP48 purpose: multisig wallets, one account per script type.</summary>
    public const int Bip48Purpose = 48;

    /// <summary>BIP48 script type 2: native segwit multisig (P2WSH).</summary>
    public const int Bip48NativeSegwitScriptType = 2;

    /// <summary>BIP84 account path <c>m/84'/coin'/account'</c>.</summary>
    public static KeyPath Bip84Account(Network network, int account)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new KeyPath(Hardened(Bip84Purpose), Hardened(network.Bip44CoinType), Hardened(account));
    }

    /// <summary>BIP84 address path <c>m/84'/coin'/account'/change/index</c> (change 1 for change addresses).</summary>
    public static KeyPath Bip84(Network network, int account, bool change, int index) =>
        Bip84Account(network, account).Derive(new KeyPath(change ? 1u : 0u, Normal(index)));

    /// <summary>BIP48 native segwit multisig account path <c>m/48'/coin'/account'/2'</c>, for escrow keys.</summary>
    public static KeyPath Bip48Account(Network network, int account)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new KeyPath(
            Hardened(Bip48Purpose), Hardened(network.Bip44CoinType), Hardened(account), Hardened(Bip48NativeSegwitScriptType));
    }

    /// <summary>BIP48 native segwit multisig key path <c>m/48'/coin'/account'/2'/change/index</c>.</summary>
    public static KeyPath Bip48(Network network, int account, bool change, int index) =>
        Bip48Account(network, account).Derive(new KeyPath(change ? 1u : 0u, Normal(index)));

    private static uint Hardened(int index, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(index))] string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index, name);
        return (uint)index | KeyPath.HardenedBit;
    }

    private static uint Normal(int index, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(index))] string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index, name);
        return (uint)index;
    }
}
