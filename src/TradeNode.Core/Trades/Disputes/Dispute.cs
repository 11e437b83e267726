using LiteDB;
using TradeNode.Core.Errors;
using TradeNode.Core.Trades.Escrow;

namespace TradeNode.Core.Trades.Disputes;

/// <summary>
/// One dispute as this node sees it (a trader's node or the arbitrator's): a persisted state machine with one method
/// per transition, each throwing <see cref="PreconditionFailedException"/> on an illegal move:
/// <code>
/// Open -> (arbitrator: AwaitingSignature ->) Decided -> PayoutPublished -> Resolved;   Open -> Refused.
/// </code>
/// The payout's transaction id is known as soon as it is decided (its input is segwit), so every party watches the
/// chain for it, whoever broadcasts it.
/// </summary>
public sealed class Dispute
{
    private readonly List<DisputeStatement> _evidence = [];
    private List<DisputeOutgoing> _outbox = [];

    private Dispute()
    {
    }

    /// <summary>The trade id.</summary>
    public string Id { get; private set; } = string.Empty;

    /// <summary>This node's role in the trade.</summary>
    public EscrowRole Role { get; private set; }

    /// <summary>Which trader opened the dispute.</summary>
    public EscrowRole OpenedBy { get; private set; }

    /// <summary>Where the dispute stands.</summary>
    public DisputeState State { get; private set; }

    /// <summary>The opener's reason.</summary>
    public string Reason { get; private set; } = string.Empty;

    /// <summary>The serialized <c>SignedTradeContract</c> (contract and both traders' signatures).</summary>
    public byte[] SignedContract { get; private set; } = [];

    /// <summary>The deposit transaction id (hex); the escrow is its output 0.</summary>
    public string DepositTxid { get; private set; } = string.Empty;

    /// <summary>The escrow output's index in the deposit (funding) transaction: 0 for a currency trade.</summary>
    public uint DepositIndex { get; private set; }

    /// <summary>Where the seller's (goods vendor's) share goes: the contract's, or the one the vendor named; empty while unknown.</summary>
    public byte[] SellerPayoutScript { get; private set; } = [];

    /// <summary>
    /// True for a goods order the vendor never signed: the contract carries the buyer's signature only, the buyer
    /// opened it, and the decision can only refund the buyer (seller share 0).
    /// </summary>
    public bool BuyerOnly { get; private set; }

    /// <summary>Arbitrator: what its checks of a buyer-only case found without refusing it; empty otherwise.</summary>
    public string Findings { get; private set; } = string.Empty;

    /// <summary>The trade's chat transcript as the opener sent it (serialized; empty when none).</summary>
    public byte[] ChatTranscript { get; private set; } = [];

    /// <summary>
    /// Arbitrator: the chat transcript of the trader that did not open the dispute (<see cref="OtherTrader"/>), sent
    /// once it learned of the dispute; null until it arrives (empty when that trader's node has no chat).
    /// </summary>
    public byte[]? OtherTranscript { get; private set; }

    /// <summary>The trader that did not open the dispute.</summary>
    public EscrowRole OtherTrader => OpenedBy == EscrowRole.Buyer ? EscrowRole.Seller : EscrowRole.Buyer;

    /// <summary>Statements and evidence, oldest first (on a trader's node: its own).</summary>
    public IReadOnlyList<DisputeStatement> Evidence => _evidence;

    /// <summary>The buyer's share of the decided payout, in satoshis.</summary>
    public long BuyerSats { get; private set; }

    /// <summary>The seller's share of the decided payout, in satoshis.</summary>
    public long SellerSats { get; private set; }

    /// <summary>The arbitrator's fee in the decided payout, in satoshis.</summary>
    public long ArbitratorFeeSats { get; private set; }

    /// <summary>The output script of the arbitrator's fee (empty without a fee).</summary>
    public byte[] ArbitratorScript { get; private set; } = [];

    /// <summary>The decided payout's mining fee, in satoshis.</summary>
    public long MiningFeeSats { get; private set; }

    /// <summary>The arbitrator's note on the decision.</summary>
    public string Note { get; private set; } = string.Empty;

    /// <summary>The payout PSBT (binary) as far as it is signed here.</summary>
    public byte[] PayoutPsbt { get; private set; } = [];

    /// <summary>The payout's transaction id (hex), once decided.</summary>
    public string PayoutTxid { get; private set; } = string.Empty;

    /// <summary>The fully signed payout, when this node has it (to broadcast again).</summary>
    public byte[] PayoutTransaction { get; private set; } = [];

    /// <summary>The messages of this node's last step, sent again on restart.</summary>
    public IReadOnlyList<DisputeOutgoing> Outbox => _outbox;

    /// <summary>Why the case was refused, or why the last step or message was refused.</summary>
    public string LastError { get; private set; } = string.Empty;

    public DateTimeOffset Created { get; private set; }

    public DateTimeOffset Updated { get; private set; }

    /// <summary>True once <see cref="DisputeState.Resolved"/> or <see cref="DisputeState.Refused"/>.</summary>
    public bool IsClosed => State is DisputeState.Resolved or DisputeState.Refused;

    /// <summary>A trader's new dispute: opened here (<paramref name="openedBy"/> = <paramref name="role"/>) or by the other trader.</summary>
    public static Dispute StartTrader(string tradeId, EscrowRole role, EscrowRole openedBy, string reason, byte[] signedContract, string depositTxid, DateTimeOffset now,
        uint depositIndex = 0, byte[]? sellerPayoutScript = null, bool buyerOnly = false)
    {
        if (role == EscrowRole.Arbitrator)
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "A trader is the buyer or the seller.");
        }

        return new Dispute
        {
            Id = tradeId,
            Role = role,
            OpenedBy = openedBy,
            State = DisputeState.Open,
            Reason = reason,
            SignedContract = signedContract,
            DepositTxid = depositTxid,
            DepositIndex = depositIndex,
            SellerPayoutScript = sellerPayoutScript ?? [],
            BuyerOnly = buyerOnly,
            Created = now,
            Updated = now,
        };
    }

    /// <summary>The arbitrator's new case, accepted after its checks.</summary>
    public static Dispute StartArbitrator(string tradeId, EscrowRole openedBy, string reason, byte[] signedContract, string depositTxid, byte[] chatTranscript, DateTimeOffset now,
        uint depositIndex = 0, byte[]? sellerPayoutScript = null, bool buyerOnly = false, string findings = "") => new()
    {
        Id = tradeId,
        Role = EscrowRole.Arbitrator,
        OpenedBy = openedBy,
        State = DisputeState.Open,
        Reason = reason,
        SignedContract = signedContract,
        DepositTxid = depositTxid,
        DepositIndex = depositIndex,
        SellerPayoutScript = sellerPayoutScript ?? [],
        ChatTranscript = chatTranscript,
        BuyerOnly = buyerOnly,
        Findings = findings,
        Created = now,
        Updated = now,
    };

    /// <summary>The arbitrator learns where the seller's share goes (a goods vendor names it); only while open and unknown.</summary>
    public void LearnSellerPayoutScript(byte[] script, DateTimeOffset now)
    {
        if (State == DisputeState.Open && SellerPayoutScript.Length == 0)
        {
            SellerPayoutScript = script;
            Updated = now;
        }
    }

    /// <summary>Arbitrator: the other trader's transcript arrived; taken once (false, and nothing changes, when it is here already).</summary>
    public bool ReceiveOtherTranscript(byte[] transcript, DateTimeOffset now)
    {
        if (Role != EscrowRole.Arbitrator)
        {
            throw new PreconditionFailedException("Only the arbitrator receives the traders' chat transcripts.");
        }

        if (OtherTranscript is not null)
        {
            return false;
        }

        OtherTranscript = transcript;
        Updated = now;
        return true;
    }

    /// <summary>Adds a statement of <paramref name="from"/>; only while the dispute is open.</summary>
    public void AddEvidence(EscrowRole from, string text, DateTimeOffset at, DateTimeOffset now)
    {
        Require(DisputeState.Open);
        _evidence.Add(new DisputeStatement(from, text, at));
        Updated = now;
    }

    /// <summary>Arbitrator: the split is decided and the payout built; signed here or waiting for a signature made elsewhere.</summary>
    public void Decide(long buyerSats, long sellerSats, long arbitratorFeeSats, byte[] arbitratorScript, long miningFeeSats, string note, byte[] payoutPsbt, string payoutTxid, bool signed, DateTimeOffset now)
    {
        Require(DisputeState.Open);
        SetDecision(buyerSats, sellerSats, arbitratorFeeSats, arbitratorScript, miningFeeSats, note, payoutPsbt, payoutTxid);
        Move(signed ? DisputeState.Decided : DisputeState.AwaitingSignature, now);
    }

    /// <summary>Arbitrator: the payout now carries its signature (made elsewhere and checked).</summary>
    public void Sign(byte[] payoutPsbt, DateTimeOffset now)
    {
        Require(DisputeState.AwaitingSignature);
        PayoutPsbt = payoutPsbt;
        Move(DisputeState.Decided, now);
    }

    /// <summary>Trader: the arbitrator's decision arrived (checked only when the trader accepts it).</summary>
    public void ReceiveDecision(long buyerSats, long sellerSats, long arbitratorFeeSats, byte[] arbitratorScript, long miningFeeSats, string note, byte[] payoutPsbt, string payoutTxid, DateTimeOffset now)
    {
        Require(DisputeState.Open);
        SetDecision(buyerSats, sellerSats, arbitratorFeeSats, arbitratorScript, miningFeeSats, note, payoutPsbt, payoutTxid);
        Move(DisputeState.Decided, now);
    }

    /// <summary>The decided payout was broadcast; <paramref name="transaction"/> is the signed payout when this node has it.</summary>
    public void PublishPayout(byte[] transaction, DateTimeOffset now)
    {
        Require(DisputeState.Decided);
        PayoutTransaction = transaction;
        Move(DisputeState.PayoutPublished, now);
    }

    /// <summary>The decided payout is confirmed.</summary>
    public void Resolve(DateTimeOffset now)
    {
        Require(DisputeState.Decided, DisputeState.PayoutPublished);
        Move(DisputeState.Resolved, now);
    }

    /// <summary>The arbitrator refused the case with <paramref name="reason"/>.</summary>
    public void Refuse(string reason, DateTimeOffset now)
    {
        Require(DisputeState.Open);
        LastError = reason;
        Move(DisputeState.Refused, now);
    }

    /// <summary>Records why a step or message was refused; the state stays.</summary>
    public void Fail(string reason, DateTimeOffset now)
    {
        LastError = reason;
        Updated = now;
    }

    /// <summary>Replaces the messages to send again after a restart.</summary>
    public void RecordOutgoing(IEnumerable<DisputeOutgoing> messages, DateTimeOffset now)
    {
        _outbox = [.. messages];
        Updated = now;
    }

    internal BsonDocument ToBson() => new()
    {
        ["_id"] = Id,
        ["role"] = Role.ToString(),
        ["openedBy"] = OpenedBy.ToString(),
        ["state"] = State.ToString(),
        ["reason"] = Reason,
        ["contract"] = SignedContract,
        ["depositTxid"] = DepositTxid,
        ["depositIndex"] = (long)DepositIndex,
        ["sellerScript"] = SellerPayoutScript,
        ["chat"] = ChatTranscript,
        ["buyerOnly"] = BuyerOnly,
        ["findings"] = Findings,
        ["otherChat"] = OtherTranscript is null ? BsonValue.Null : new BsonValue(OtherTranscript),
        ["evidence"] = new BsonArray(_evidence.Select(e => new BsonDocument { ["from"] = e.From.ToString(), ["text"] = e.Text, ["at"] = e.At.ToUnixTimeMilliseconds() })),
        ["buyer"] = BuyerSats,
        ["seller"] = SellerSats,
        ["arbitratorFee"] = ArbitratorFeeSats,
        ["arbitratorScript"] = ArbitratorScript,
        ["miningFee"] = MiningFeeSats,
        ["note"] = Note,
        ["payoutPsbt"] = PayoutPsbt,
        ["payoutTxid"] = PayoutTxid,
        ["payoutTx"] = PayoutTransaction,
        ["outbox"] = new BsonArray(_outbox.Select(o => new BsonDocument { ["to"] = o.Recipient, ["message"] = o.Message })),
        ["error"] = LastError,
        ["created"] = Created.ToUnixTimeMilliseconds(),
        ["updated"] = Updated.ToUnixTimeMilliseconds(),
    };

    internal static Dispute FromBson(BsonDocument doc)
    {
        var dispute = new Dispute
        {
            Id = doc["_id"].AsString,
            Role = Enum.Parse<EscrowRole>(doc["role"].AsString),
            OpenedBy = Enum.Parse<EscrowRole>(doc["openedBy"].AsString),
            State = Enum.Parse<DisputeState>(doc["state"].AsString),
            Reason = doc["reason"].AsString,
            SignedContract = doc["contract"].AsBinary,
            DepositTxid = doc["depositTxid"].AsString,
            DepositIndex = (uint)doc["depositIndex"].AsInt64,
            SellerPayoutScript = doc["sellerScript"].AsBinary ?? [],
            ChatTranscript = doc["chat"].AsBinary,
            BuyerOnly = doc["buyerOnly"].IsBoolean && doc["buyerOnly"].AsBoolean,
            Findings = doc["findings"].IsString ? doc["findings"].AsString : string.Empty,
            OtherTranscript = doc.TryGetValue("otherChat", out var otherChat) && otherChat.IsBinary ? otherChat.AsBinary : null,
            BuyerSats = doc["buyer"].AsInt64,
            SellerSats = doc["seller"].AsInt64,
            ArbitratorFeeSats = doc["arbitratorFee"].AsInt64,
            ArbitratorScript = doc["arbitratorScript"].AsBinary,
            MiningFeeSats = doc["miningFee"].AsInt64,
            Note = doc["note"].AsString,
            PayoutPsbt = doc["payoutPsbt"].AsBinary,
            PayoutTxid = doc["payoutTxid"].AsString,
            PayoutTransaction = doc["payoutTx"].AsBinary,
            LastError = doc["error"].AsString,
            Created = DateTimeOffset.FromUnixTimeMilliseconds(doc["created"].AsInt64),
            Updated = DateTimeOffset.FromUnixTimeMilliseconds(doc["updated"].AsInt64),
        };
        dispute._evidence.AddRange(doc["evidence"].AsArray.Select(e => new DisputeStatement(
            Enum.Parse<EscrowRole>(e["from"].AsString), e["text"].AsString, DateTimeOffset.FromUnixTimeMilliseconds(e["at"].AsInt64))));
        dispute._outbox = [.. doc["outbox"].AsArray.Select(o => new DisputeOutgoing(o["to"].AsBinary, o["message"].AsBinary))];
        return dispute;
    }

    private void SetDecision(long buyerSats, long sellerSats, long arbitratorFeeSats, byte[] arbitratorScript, long miningFeeSats, string note, byte[] payoutPsbt, string payoutTxid)
    {
        BuyerSats = buyerSats;
        SellerSats = sellerSats;
        ArbitratorFeeSats = arbitratorFeeSats;
        ArbitratorScript = arbitratorScript;
        MiningFeeSats = miningFeeSats;
        Note = note;
        PayoutPsbt = payoutPsbt;
        PayoutTxid = payoutTxid;
    }

    private void Require(params DisputeState[] allowed)
    {
        if (!allowed.Contains(State))
        {
            throw new PreconditionFailedException($"The dispute of trade {Id} is {State}; this step needs it to be {string.Join(" or ", allowed)}.");
        }
    }

    private void Move(DisputeState state, DateTimeOffset now)
    {
        State = state;
        Updated = now;
    }
}
