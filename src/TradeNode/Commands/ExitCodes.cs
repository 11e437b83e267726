namespace TradeNode.Commands;

/// <summary>Process exit codes of <c>tradenode</c>.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Something failed that was not the user's input.</summary>
    public const int Failure = 1;

    /// <summary>The command line or the input was wrong; one sentence on stderr says what.</summary>
    public const int BadInput = 2;
}
