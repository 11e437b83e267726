using LiteDB;
using TradeNode.Core.Errors;

namespace TradeNode.Core.Trades.Currency;

/// <summary>
/// One currency trade as this node sees it: a persisted state machine with one method per transition. Each method
/// checks the current state and throws <see cref="PreconditionFailedException"/> on an illegal move, so the order
/// of the protocol is readable here in one place:
/// <code>
/// TakeRequested -> Accepted -> DepositSigned -> DepositPublished -> DepositConfirmed -> PaymentSent
///   -> PayoutProposed -> PayoutPublished -> Completed;   Refused, Cancelled (before DepositSigned), Failed;
/// DepositPublished .. PayoutProposed -> Disputed -> Resolved (the arbitrator's payout).
/// </code>
/// Transaction ids of deposit and payout are known as soon as the unsigned transaction is (all inputs are segwit),
/// so the chain can be watched for them even when the counterparty broadcast them.
/// </summary>
public sealed class CurrencyTrade
{
    private CurrencyTrade()
    {
    }

    /// <summary>The trade id (chosen by the taker).</summary>
    public string Id { get; private set; } = string.Empty;

    /// <summary>The offer taken.</summary>
    public string OfferId { get; private set; } = string.Empty;

    /// <summary>True when this node made the offer; false when it took it.</summary>
    public bool IsMaker { get; private set; }

    /// <summary>This node's side of the bitcoin.</summary>
    public TradeSide Side { get; private set; }

    /// <summary>Where the trade stands.</summary>
    public TradeState State { get; private set; }

    /// <summary>Bitcoin traded, in satoshis.</summary>
    public long AmountSats { get; private set; }

    /// <summary>The counterparty's Ed25519 node key (32 bytes).</summary>
    public byte[] PeerKey { get; private set; } = [];

    /// <summary>This node's payment account details for the trade.</summary>
    public string PaymentAccount { get; private set; } = string.Empty;

    /// <summary>The taker's request as sent (serialized <c>TakeRequest</c>).</summary>
    public byte[] Request { get; private set; } = [];

    /// <summary>The serialized contract (empty before the maker accepted).</summary>
    public byte[] Contract { get; private set; } = [];

    /// <summary>The maker's signature over <see cref="Contract"/>.</summary>
    public byte[] MakerSignature { get; private set; } = [];

    /// <summary>The taker's signature over <see cref="Contract"/>.</summary>
    public byte[] TakerSignature { get; private set; } = [];

    /// <summary>The deposit PSBT (binary) as far as it is signed here.</summary>
    public byte[] DepositPsbt { get; private set; } = [];

    /// <summary>The deposit transaction id (hex), known once the deposit is built.</summary>
    public string DepositTxid { get; private set; } = string.Empty;

    /// <summary>The fully signed deposit transaction, when this node has it (to re-broadcast).</summary>
    public byte[] DepositTransaction { get; private set; } = [];

    /// <summary>When the deposit was seen confirmed.</summary>
    public DateTimeOffset? DepositConfirmedAt { get; private set; }

    /// <summary>Deposit confirmation plus the payment method's maximum trade period; after it a dispute may be opened.</summary>
    public DateTimeOffset? Deadline { get; private set; }

    /// <summary>The payout PSBT (binary) as far as it is signed here.</summary>
    public byte[] PayoutPsbt { get; private set; } = [];

    /// <summary>The payout transaction id (hex), known once the payout is proposed.</summary>
    public string PayoutTxid { get; private set; } = string.Empty;

    /// <summary>The fully signed payout transaction, when this node has it (to re-broadcast).</summary>
    public byte[] PayoutTransaction { get; private set; } = [];

    /// <summary>The last message this node sent for the trade (serialized <c>TradeMessage</c>), re-sent on restart.</summary>
    public byte[] LastOutgoing { get; private set; } = [];

    /// <summary>Why the trade was refused, cancelled or failed, or why the last step was refused.</summary>
    public string LastError { get; private set; } = string.Empty;

    /// <summary>When the trade started here.</summary>
    public DateTimeOffset Created { get; private set; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset Updated { get; private set; }

    /// <summary>True in <see cref="TradeState.Completed"/>, <see cref="TradeState.Refused"/>, <see cref="TradeState.Cancelled"/>, <see cref="TradeState.Failed"/> and <see cref="TradeState.Resolved"/>.</summary>
    public bool IsClosed => State is TradeState.Completed or TradeState.Refused or TradeState.Cancelled or TradeState.Failed or TradeState.Resolved;

    /// <summary>True in the states where a dispute may be opened: the deposit is signed (and may be on chain) and no payout is published.</summary>
    public bool CanBeDisputed => State is TradeState.DepositSigned or TradeState.DepositPublished or TradeState.DepositConfirmed or TradeState.PaymentSent or TradeState.PayoutProposed;

    /// <summary>The reservation holding this node's coins for the trade.</summary>
    public string ReservationId => ReservationFor(Id);

    /// <summary>The reservation id of trade <paramref name="tradeId"/>.</summary>
    public static string ReservationFor(string tradeId) => $"trade:{tradeId}";

    /// <summary>True once the deadline has passed and the trade is still open (a dispute may be opened).</summary>
    public bool IsPastDeadline(DateTimeOffset now) => !IsClosed && Deadline is { } deadline && now > deadline;

    /// <summary>The taker's new trade: the request is about to be sent.</summary>
    public static CurrencyTrade StartTake(string id, string offerId, TradeSide side, long amountSats, byte[] makerKey, string paymentAccount, byte[] request, DateTimeOffset now) => new()
    {
        Id = id,
        OfferId = offerId,
        IsMaker = false,
        Side = side,
        State = TradeState.TakeRequested,
        AmountSats = amountSats,
        PeerKey = makerKey,
        PaymentAccount = paymentAccount,
        Request = request,
        Created = now,
        Updated = now,
    };

    /// <summary>The maker's new trade, accepted: the contract is signed by the maker and the deposit built.</summary>
    public static CurrencyTrade StartAccepted(string id, string offerId, TradeSide side, long amountSats, byte[] takerKey, string paymentAccount, byte[] request, byte[] contract, byte[] makerSignature, byte[] depositPsbt, string depositTxid, DateTimeOffset now) => new()
    {
        Id = id,
        OfferId = offerId,
        IsMaker = true,
        Side = side,
        State = TradeState.Accepted,
        AmountSats = amountSats,
        PeerKey = takerKey,
        PaymentAccount = paymentAccount,
        Request = request,
        Contract = contract,
        MakerSignature = makerSignature,
        DepositPsbt = depositPsbt,
        DepositTxid = depositTxid,
        Created = now,
        Updated = now,
    };

    /// <summary>The maker's record of a refused request (so a repeated request gets the same answer).</summary>
    public static CurrencyTrade StartRefused(string id, string offerId, TradeSide side, long amountSats, byte[] takerKey, byte[] request, string reason, DateTimeOffset now) => new()
    {
        Id = id,
        OfferId = offerId,
        IsMaker = true,
        Side = side,
        State = TradeState.Refused,
        AmountSats = amountSats,
        PeerKey = takerKey,
        Request = request,
        LastError = reason,
        Created = now,
        Updated = now,
    };

    /// <summary>Taker: the maker accepted with this contract, its signature and the unsigned deposit.</summary>
    public void Accept(byte[] contract, byte[] makerSignature, byte[] depositPsbt, string depositTxid, DateTimeOffset now)
    {
        Require(TradeState.TakeRequested);
        Contract = contract;
        MakerSignature = makerSignature;
        DepositPsbt = depositPsbt;
        DepositTxid = depositTxid;
        Move(TradeState.Accepted, now);
    }

    /// <summary>Both contract signatures are here and the deposit carries the taker's signatures (and, for the maker, its own).</summary>
    public void SignDeposit(byte[] takerSignature, byte[] depositPsbt, DateTimeOffset now)
    {
        Require(TradeState.Accepted);
        TakerSignature = takerSignature;
        DepositPsbt = depositPsbt;
        Move(TradeState.DepositSigned, now);
    }

    /// <summary>The fully signed deposit is known (built here or received) and is broadcast next.</summary>
    public void PublishDeposit(byte[] transaction, DateTimeOffset now)
    {
        Require(TradeState.DepositSigned);
        DepositTransaction = transaction;
        Move(TradeState.DepositPublished, now);
    }

    /// <summary>The deposit confirmed at <paramref name="now"/>; the trade period of <paramref name="maxTradePeriod"/> starts.</summary>
    public void ConfirmDeposit(DateTimeOffset now, TimeSpan maxTradePeriod)
    {
        Require(TradeState.DepositSigned, TradeState.DepositPublished);
        DepositConfirmedAt = now;
        Deadline = now + maxTradePeriod;
        Move(TradeState.DepositConfirmed, now);
    }

    /// <summary>The buyer sent the fiat payment (said by the buyer here, or received by the seller).</summary>
    public void MarkPaymentSent(DateTimeOffset now)
    {
        Require(TradeState.DepositConfirmed);
        Move(TradeState.PaymentSent, now);
    }

    /// <summary>The seller signed the payout (here, or received by the buyer); its txid is watched from now on.</summary>
    public void ProposePayout(byte[] payoutPsbt, string payoutTxid, DateTimeOffset now)
    {
        Require(TradeState.DepositConfirmed, TradeState.PaymentSent);
        PayoutPsbt = payoutPsbt;
        PayoutTxid = payoutTxid;
        Move(TradeState.PayoutProposed, now);
    }

    /// <summary>The payout was broadcast; <paramref name="transaction"/> is the signed payout when this node built it.</summary>
    public void PublishPayout(byte[] transaction, DateTimeOffset now)
    {
        Require(TradeState.PayoutProposed);
        PayoutTransaction = transaction;
        Move(TradeState.PayoutPublished, now);
    }

    /// <summary>The payout confirmed: the trade is done.</summary>
    public void Complete(DateTimeOffset now)
    {
        Require(TradeState.PayoutProposed, TradeState.PayoutPublished);
        Move(TradeState.Completed, now);
    }

    /// <summary>A dispute is open (here, or by the counterparty): the normal steps are blocked from now on.</summary>
    public void OpenDispute(DateTimeOffset now)
    {
        Require(TradeState.DepositSigned, TradeState.DepositPublished, TradeState.DepositConfirmed, TradeState.PaymentSent, TradeState.PayoutProposed);
        Move(TradeState.Disputed, now);
    }

    /// <summary>The arbitrator's payout <paramref name="payoutTxid"/> is confirmed: the trade ends.</summary>
    public void ResolveDispute(string payoutTxid, DateTimeOffset now)
    {
        Require(TradeState.Disputed);
        PayoutTxid = payoutTxid;
        Move(TradeState.Resolved, now);
    }

    /// <summary>The maker refused the take request with <paramref name="reason"/>.</summary>
    public void Refuse(string reason, DateTimeOffset now)
    {
        Require(TradeState.TakeRequested);
        LastError = reason;
        Move(TradeState.Refused, now);
    }

    /// <summary>A trader cancelled; only possible before the deposit is signed.</summary>
    public void Cancel(string reason, DateTimeOffset now)
    {
        Require(TradeState.TakeRequested, TradeState.Accepted);
        LastError = reason;
        Move(TradeState.Cancelled, now);
    }

    /// <summary>
    /// A check failed on something this node was asked to sign before any coins moved: the trade ends. Once the
    /// deposit is signed the escrow may hold coins, so the trade stays in its state with <see cref="LastError"/> set.
    /// </summary>
    public void Fail(string reason, DateTimeOffset now)
    {
        LastError = reason;
        if (State is TradeState.TakeRequested or TradeState.Accepted)
        {
            Move(TradeState.Failed, now);
        }
        else
        {
            Updated = now;
        }
    }

    /// <summary>Records the message about to be sent, so a restart can send it again.</summary>
    public void RecordOutgoing(byte[] message, DateTimeOffset now)
    {
        LastOutgoing = message;
        Updated = now;
    }

    internal BsonDocument ToBson() => new()
    {
        ["_id"] = Id,
        ["offer"] = OfferId,
        ["maker"] = IsMaker,
        ["side"] = Side.ToString(),
        ["state"] = State.ToString(),
        ["amount"] = AmountSats,
        ["peer"] = PeerKey,
        ["account"] = PaymentAccount,
        ["request"] = Request,
        ["contract"] = Contract,
        ["makerSig"] = MakerSignature,
        ["takerSig"] = TakerSignature,
        ["depositPsbt"] = DepositPsbt,
        ["depositTxid"] = DepositTxid,
        ["depositTx"] = DepositTransaction,
        ["depositConfirmed"] = DepositConfirmedAt is { } c ? c.ToUnixTimeMilliseconds() : BsonValue.Null,
        ["deadline"] = Deadline is { } d ? d.ToUnixTimeMilliseconds() : BsonValue.Null,
        ["payoutPsbt"] = PayoutPsbt,
        ["payoutTxid"] = PayoutTxid,
        ["payoutTx"] = PayoutTransaction,
        ["outgoing"] = LastOutgoing,
        ["error"] = LastError,
        ["created"] = Created.ToUnixTimeMilliseconds(),
        ["updated"] = Updated.ToUnixTimeMilliseconds(),
    };

    internal static CurrencyTrade FromBson(BsonDocument doc) => new()
    {
        Id = doc["_id"].AsString,
        OfferId = doc["offer"].AsString,
        IsMaker = doc["maker"].AsBoolean,
        Side = Enum.Parse<TradeSide>(doc["side"].AsString),
        State = Enum.Parse<TradeState>(doc["state"].AsString),
        AmountSats = doc["amount"].AsInt64,
        PeerKey = doc["peer"].AsBinary,
        PaymentAccount = doc["account"].AsString,
        Request = doc["request"].AsBinary,
        Contract = doc["contract"].AsBinary,
        MakerSignature = doc["makerSig"].AsBinary,
        TakerSignature = doc["takerSig"].AsBinary,
        DepositPsbt = doc["depositPsbt"].AsBinary,
        DepositTxid = doc["depositTxid"].AsString,
        DepositTransaction = doc["depositTx"].AsBinary,
        DepositConfirmedAt = doc["depositConfirmed"].IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(doc["depositConfirmed"].AsInt64),
        Deadline = doc["deadline"].IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(doc["deadline"].AsInt64),
        PayoutPsbt = doc["payoutPsbt"].AsBinary,
        PayoutTxid = doc["payoutTxid"].AsString,
        PayoutTransaction = doc["payoutTx"].AsBinary,
        LastOutgoing = doc["outgoing"].AsBinary,
        LastError = doc["error"].AsString,
        Created = DateTimeOffset.FromUnixTimeMilliseconds(doc["created"].AsInt64),
        Updated = DateTimeOffset.FromUnixTimeMilliseconds(doc["updated"].AsInt64),
    };

    private void Require(params TradeState[] allowed)
    {
        if (!allowed.Contains(State))
        {
            throw new PreconditionFailedException($"Trade {Id} is {State}; this step needs it to be {string.Join(" or ", allowed)}.");
        }
    }

    private void Move(TradeState state, DateTimeOffset now)
    {
        State = state;
        Updated = now;
    }
}
