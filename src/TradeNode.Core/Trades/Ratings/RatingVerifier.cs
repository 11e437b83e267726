using Google.Protobuf;
using TradeNode.Bitcoin;
using TradeNode.Chain;
using TradeNode.Core.Protocol;
using TradeNode.Core.Trades.Contracts;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Ratings;

/// <summary>
/// Checks that a rating points to a real completed goods order: the contract is a goods contract without personal
/// data (no payment account details), it carries valid signatures of both traders, the
/// rating's author is the contract's buyer and its subject the contract's seller, the outpoint's transaction is
/// confirmed on chain with the contract's escrow script and amount at that index, and the output is spent (gettxout
/// answers none). The first failed check is the reason.
/// </summary>
public static class RatingVerifier
{
    /// <summary>Runs every check on <paramref name="body"/> written by <paramref name="author"/>.</summary>
    public static async Task<RatingVerification> VerifyAsync(RatingBody body, NodeKey author, IChainClient chain, Network network, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(network);
        if (CheckContract(body, author, network) is { } problem)
        {
            return new RatingVerification(false, problem, now);
        }

        var contract = TradeContract.Parser.ParseFrom(body.Contract.Contract);
        var escrow = TradeContracts.ToEscrow(contract, network);
        if (!UInt256.TryParse(body.EscrowTxid, out var txid))
        {
            return new RatingVerification(false, "The escrow outpoint's transaction id is not 64 hex characters.", now);
        }

        try
        {
            var funding = await chain.GetTransactionAsync(txid, cancellationToken).ConfigureAwait(false);
            if (funding is null)
            {
                return new RatingVerification(false, "The escrow funding transaction is not on chain.", now);
            }

            if (funding.Confirmations < 1)
            {
                return new RatingVerification(false, "The escrow funding transaction is not confirmed yet.", now);
            }

            var outputs = funding.Transaction.Outputs;
            if (body.EscrowVout >= outputs.Count || outputs[(int)body.EscrowVout].ScriptPubKey != escrow.ScriptPubKey
                || outputs[(int)body.EscrowVout].Value.Satoshi != escrow.AmountSats)
            {
                return new RatingVerification(false, "The outpoint is not the contract's escrow output: its script or amount differ.", now);
            }

            var unspent = await chain.GetTxOutAsync(new OutPoint(txid, body.EscrowVout), includeMempool: false, cancellationToken).ConfigureAwait(false);
            return unspent is not null
                ? new RatingVerification(false, "The escrow is not spent yet: the trade has not completed.", now)
                : new RatingVerification(true, string.Empty, now);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new RatingVerification(false, $"The chain could not be asked: {e.Message}", now);
        }
    }

    /// <summary>
    /// The checks that need no chain: a goods contract without personal data, signatures, author = buyer, subject =
    /// seller. Null when they pass.
    /// </summary>
    public static string? CheckContract(RatingBody body, NodeKey author, Network network)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Contract is null || body.Contract.Contract.IsEmpty)
        {
            return "The rating carries no contract.";
        }

        TradeContract contract;
        try
        {
            contract = TradeContract.Parser.ParseFrom(body.Contract.Contract);
        }
        catch (InvalidProtocolBufferException)
        {
            return "The rating's contract is not a trade contract.";
        }

        if (CheckPublishable(contract) is { } notPublishable)
        {
            return notPublishable;
        }

        var problems = TradeContracts.CheckSigned(body.Contract, network);
        if (problems.Count > 0)
        {
            return $"The contract does not hold: {problems[0]}";
        }

        if (!contract.BuyerNodeKey.Span.SequenceEqual(author.Span))
        {
            return "The rating's author is not the contract's buyer.";
        }

        return contract.SellerNodeKey.Span.SequenceEqual(body.SubjectNodeKey.Span) ? null : "The rated node is not the contract's seller.";
    }

    /// <summary>
    /// Null when <paramref name="contract"/> may be public: only goods contracts are rated, and a goods contract must
    /// carry no payment account details (a currency contract holds both traders' accounts). The shipping address is
    /// never part of a contract, so it needs no check.
    /// </summary>
    public static string? CheckPublishable(TradeContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        if (contract.Kind != TradeKind.Goods)
        {
            return "The rating's contract is not a goods order contract: only goods orders are rated.";
        }

        return contract.BuyerPaymentAccount.Length > 0 || contract.SellerPaymentAccount.Length > 0
            ? "The rating's goods contract carries payment account details, which must never be published."
            : null;
    }
}
