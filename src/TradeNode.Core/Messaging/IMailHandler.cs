using TradeNode.P2P.Mailbox;

namespace TradeNode.Core.Messaging;

/// <summary>A service that reads the mailbox messages of one topic (see <see cref="MailRouter"/>).</summary>
public interface IMailHandler
{
    /// <summary>The topic this handler reads; unique per router.</summary>
    string Topic { get; }

    /// <summary>
    /// Handles one message of <see cref="Topic"/>: <paramref name="message"/>'s sender is verified by the mailbox and
    /// its payload is the envelope's body. Messages of one topic arrive one at a time in delivery order. A handler
    /// rejects bad content itself; an exception is logged by the router and the next message is handled.
    /// </summary>
    Task HandleMailAsync(ReceivedMessage message, CancellationToken cancellationToken);
}
