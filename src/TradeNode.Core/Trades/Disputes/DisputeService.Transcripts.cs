using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Disputes;

/// <summary>
/// Both traders' chat transcripts for the arbitrator: the opener's comes with its case; the other trader's node sends
/// its own (<see cref="DisputeTranscript"/>) once it learns of the dispute. The arbitrator takes it once, from the
/// contract's other trader only; one that overtakes the case is held for <see cref="DisputeOptions.TranscriptHoldTime"/>.
/// </summary>
public sealed partial class DisputeService
{
    private const int MaxHeldTranscripts = 256;

    private readonly ConcurrentDictionary<(string TradeId, string Sender), (NodeKey Sender, DisputeTranscript Transcript, DateTimeOffset At)> _heldTranscripts = new();

    /// <summary>
    /// The traders' chat transcripts the arbitrator holds for <paramref name="dispute"/>, each with who sent it: the
    /// opener's first, then the other trader's once it arrived. Empty on a trader's node.
    /// </summary>
    public static IReadOnlyList<TraderTranscript> TranscriptsOf(Dispute dispute)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        if (dispute.Role != EscrowRole.Arbitrator)
        {
            return [];
        }

        List<TraderTranscript> transcripts = [new(dispute.OpenedBy, Lines(dispute.ChatTranscript))];
        if (dispute.OtherTranscript is { } other)
        {
            transcripts.Add(new(dispute.OtherTrader, Lines(other)));
        }

        return transcripts;
    }

    /// <summary>The lines of a transcript as sent; control characters (but tab) become '?' so they cannot rewrite a reader's terminal.</summary>
    private static string[] Lines(byte[] transcript) => transcript.Length == 0 ? [] :
        [.. System.Text.Encoding.UTF8.GetString(transcript).Split('\n').Select(line => string.Concat(line.Select(c => char.IsControl(c) && c != '\t' ? '?' : c)))];

    /// <summary>A trader's own transcript of trade <paramref name="tradeId"/>'s chat, for the arbitrator.</summary>
    private DisputeMessage TranscriptMessage(string tradeId) =>
        new() { TradeId = tradeId, Transcript = new DisputeTranscript { ChatTranscript = ByteString.CopyFrom(TranscriptFor(tradeId)) } };

    /// <summary>Arbitrator: a trader's transcript for an open case; only from the trader that did not open it, and only once.</summary>
    private void OnTranscript(Dispute dispute, EscrowRole from, NodeKey sender, DisputeTranscript transcript)
    {
        if (from == dispute.OpenedBy)
        {
            Reject(dispute.Id, sender, "The opener's chat transcript came with its case; only the other trader sends one.");
            return;
        }

        if (transcript.ChatTranscript.Length > _options.MaxTranscriptBytes)
        {
            Reject(dispute.Id, sender, $"The chat transcript is {transcript.ChatTranscript.Length} bytes; at most {_options.MaxTranscriptBytes} are taken.");
            return;
        }

        var bytes = transcript.ChatTranscript.ToByteArray();
        if (dispute.ReceiveOtherTranscript(bytes, _time.GetUtcNow()))
        {
            _logger.LogInformation("Dispute of {TradeId}: the {Role}'s chat transcript arrived", dispute.Id, from);
            Save(dispute);
        }
        else if (!dispute.OtherTranscript.AsSpan().SequenceEqual(bytes))
        {
            Reject(dispute.Id, sender, "The other trader's chat transcript is here already; it is taken once.");
        }
    }

    /// <summary>
    /// A transcript for a trade this node has no case of (yet): the trader's transcript can overtake the opener's
    /// case, so it is held (bounded, for a while) and applied when the case is accepted.
    /// </summary>
    private void HoldTranscript(string tradeId, NodeKey sender, DisputeTranscript transcript)
    {
        var now = _time.GetUtcNow();
        foreach (var (key, held) in _heldTranscripts)
        {
            if (now - held.At > _options.TranscriptHoldTime)
            {
                _heldTranscripts.TryRemove(key, out _);
            }
        }

        if (_heldTranscripts.Count >= MaxHeldTranscripts || transcript.ChatTranscript.Length > _options.MaxTranscriptBytes)
        {
            Reject(tradeId, sender, "A chat transcript for a dispute this node does not have.");
            return;
        }

        _heldTranscripts[(tradeId, Convert.ToHexString(sender.Span))] = (sender, transcript, now);
        _logger.LogDebug("Dispute of {TradeId}: a chat transcript arrived before the case; held", tradeId);
    }

    /// <summary>Arbitrator: the case of <paramref name="dispute"/> is accepted; the transcripts held for it are checked and applied.</summary>
    private void ApplyHeldTranscripts(Dispute dispute)
    {
        var contract = ContractOf(dispute);
        foreach (var key in _heldTranscripts.Keys.Where(k => k.TradeId == dispute.Id))
        {
            if (!_heldTranscripts.TryRemove(key, out var held))
            {
                continue;
            }

            var from = held.Sender.Span.SequenceEqual(contract.BuyerNodeKey.Span) ? EscrowRole.Buyer
                : held.Sender.Span.SequenceEqual(contract.SellerNodeKey.Span) ? EscrowRole.Seller
                : (EscrowRole?)null;
            if (from is null)
            {
                Reject(dispute.Id, held.Sender, "Only the contract's buyer or seller writes to the arbitrator about this trade.");
            }
            else
            {
                OnTranscript(dispute, from.Value, held.Sender, held.Transcript);
            }
        }
    }
}
