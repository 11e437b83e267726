using Grpc.Core;

namespace TradeNode.Api.Contracts.Client;

/// <summary>
/// Turns a failed API call into one sentence for a person: the node's own sentence for errors it reports, and what to
/// do for the two failures a user fixes outside the call (no node answering, a key the node refuses).
/// </summary>
public static class ApiErrors
{
    /// <summary>True when the node did not answer at all (nothing listening, connection reset, call timed out).</summary>
    public static bool IsUnreachable(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded;
    }

    /// <summary>The sentence to show for <paramref name="exception"/>; never a stack trace, never the key.</summary>
    public static string Describe(RpcException exception, ApiConnection connection)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(connection);
        var detail = Sentence(exception.Status.Detail);
        switch (exception.StatusCode)
        {
            case StatusCode.Unavailable:
            case StatusCode.DeadlineExceeded:
                var stale = connection.EndpointSource == ApiEndpointSource.AddressFile
                    ? $" (the address comes from {Path.Combine(connection.DataDirectory, ApiDefaults.AddressFileName)}; the node may have stopped)"
                    : string.Empty;
                return $"Cannot reach the node's API at {connection.Endpoint}{stale}. Is the node running? {connection.StartHint}";
            case StatusCode.Unauthenticated:
                return $"The node refused the API key{(detail.Length > 0 ? $" ({detail.TrimEnd('.')})" : string.Empty)}. "
                    + $"The key is read from {Path.Combine(connection.DataDirectory, ApiDefaults.CookieFileName)}: point --datadir at "
                    + "the running node's data directory, or pass the key file it wrote with --api-cookie.";
            case StatusCode.PermissionDenied:
                return detail.Length > 0 ? detail : "The node does not allow this call.";
            default:
                return detail.Length > 0 ? detail : $"The node failed the call ({exception.StatusCode}).";
        }
    }

    private static string Sentence(string? detail)
    {
        var text = detail?.Trim() ?? string.Empty;
        return text.Length == 0 || text.EndsWith('.') || text.EndsWith('?') || text.EndsWith('!') ? text : text + ".";
    }
}
