using System.Security.Claims;
using Serilog.Context;

namespace Dispatch.Api.Hosting;

/// <summary>Who is calling and under which correlation id; recorded on every event the request appends.</summary>
public sealed record CallerContext(string Actor, string CorrelationId)
{
    public const string CorrelationHeader = "X-Correlation-Id";

    // The actor is the authenticated identity (a token's subject, or api-key:<id>), never anything the request says
    // about itself; it is still bounded and printable.
    public static CallerContext From(HttpContext http)
    {
        var actor = http.User.Identity?.IsAuthenticated == true
                    && Clean(http.User.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "", 100) is { Length: > 0 } identified
            ? identified
            : "anonymous";
        // The correlation id is echoed in a response header, which must be visible ASCII.
        var given = http.Request.Headers[CorrelationHeader].ToString();
        var correlation = given.Length is > 0 and <= 100 && given.All(c => c is > ' ' and <= '~')
            ? given
            : http.TraceIdentifier;
        return new CallerContext(actor, correlation);
    }

    private static string Clean(string value, int max)
    {
        var printable = new string(value.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return printable.Length > max ? printable[..max] : printable;
    }
}

public sealed class CallerContextMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var caller = CallerContext.From(http);
        http.Items[typeof(CallerContext)] = caller;
        http.Response.Headers[CallerContext.CorrelationHeader] = caller.CorrelationId;
        using (LogContext.PushProperty("CorrelationId", caller.CorrelationId))
        using (LogContext.PushProperty("Actor", caller.Actor))
        {
            await next(http);
        }
    }
}

public static class CallerContextExtensions
{
    public static CallerContext Caller(this HttpContext http) =>
        http.Items[typeof(CallerContext)] as CallerContext ?? CallerContext.From(http);
}
