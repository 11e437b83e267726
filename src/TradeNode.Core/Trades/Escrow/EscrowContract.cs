using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Scripting;
using TradeNode.Core.Errors;

namespace TradeNode.Core.Trades.Escrow;

/// <summary>
/// The escrow of one trade: <c>wsh(sortedmulti(2, buyer, seller, arbitrator))</c> holding
/// <see cref="AmountSats"/>. Any two of the three keys can spend it; no single party can. Both traders build this
/// from the contract on their own and compare, so a counterparty cannot slip in a script it controls alone.
/// </summary>
public sealed class EscrowContract
{
    /// <summary>A 2-of-3 witness script is 105 bytes; spending it takes two signatures.</summary>
    public const int RequiredSignatures = 2;

    private EscrowContract(Network network, PubKey buyer, PubKey seller, PubKey arbitrator, long amountSats)
    {
        Network = network;
        BuyerKey = buyer;
        SellerKey = seller;
        ArbitratorKey = arbitrator;
        AmountSats = amountSats;
        WitnessScript = PayToMultiSigTemplate.Instance.GenerateScriptPubKey(RequiredSignatures, sort: true, buyer, seller, arbitrator);
        ScriptPubKey = PayToWitScriptHashTemplate.Instance.GenerateScriptPubKey(WitnessScript);
        Address = WitnessScript.GetWitScriptAddress(network);
    }

    public Network Network { get; }

    public PubKey BuyerKey { get; }

    public PubKey SellerKey { get; }

    public PubKey ArbitratorKey { get; }

    /// <summary>What the funding output must hold exactly, in satoshis.</summary>
    public long AmountSats { get; }

    /// <summary>The sorted 2-of-3 multisig script (BIP67 key order).</summary>
    public Script WitnessScript { get; }

    /// <summary>The P2WSH output script the funding transaction pays.</summary>
    public Script ScriptPubKey { get; }

    /// <summary>The escrow's bech32 address.</summary>
    public BitcoinAddress Address { get; }

    /// <summary>
    /// Builds the escrow of three distinct compressed keys and a positive amount; anything else is refused with a
    /// sentence, because an escrow with a repeated key would let one party hold two of the three votes.
    /// </summary>
    public static EscrowContract Create(Network network, PubKey buyer, PubKey seller, PubKey arbitrator, long amountSats)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(buyer);
        ArgumentNullException.ThrowIfNull(seller);
        ArgumentNullException.ThrowIfNull(arbitrator);
        if (amountSats <= 0 || amountSats > Money.MaxSatoshis)
        {
            throw new InvalidInputException("amount_sats", $"The escrow amount must be between 1 and {Money.MaxSatoshis} satoshis, not {amountSats}.");
        }

        foreach (var (key, role) in new[] { (buyer, EscrowRole.Buyer), (seller, EscrowRole.Seller), (arbitrator, EscrowRole.Arbitrator) })
        {
            if (!key.IsCompressed)
            {
                throw new InvalidInputException(RoleField(role), $"The {role.ToString().ToLowerInvariant()}'s escrow key must be a compressed public key.");
            }
        }

        if (buyer == seller || buyer == arbitrator || seller == arbitrator)
        {
            throw new InvalidInputException("keys", "The buyer, seller and arbitrator escrow keys must all differ.");
        }

        return new EscrowContract(network, buyer, seller, arbitrator, amountSats);
    }

    /// <summary>The key of <paramref name="role"/>.</summary>
    public PubKey KeyOf(EscrowRole role) => role switch
    {
        EscrowRole.Buyer => BuyerKey,
        EscrowRole.Seller => SellerKey,
        EscrowRole.Arbitrator => ArbitratorKey,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown escrow role."),
    };

    /// <summary>True when <paramref name="key"/> is one of the three keys of this escrow.</summary>
    public bool Contains(PubKey key) => key == BuyerKey || key == SellerKey || key == ArbitratorKey;

    private static string RoleField(EscrowRole role) => role switch
    {
        EscrowRole.Buyer => "buyer_key",
        EscrowRole.Seller => "seller_key",
        _ => "arbitrator_key",
    };
}
