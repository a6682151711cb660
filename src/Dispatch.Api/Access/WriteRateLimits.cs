using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;

namespace Dispatch.Api.Access;

/// <summary>
/// Per-client token buckets on every write (any method but GET, HEAD and OPTIONS); a client is its authenticated identity,
/// or its address when it has none. Configured under <c>RateLimiting:Writes</c>: <c>TokenLimit</c> (burst, 2000),
/// <c>TokensPerPeriod</c> (1000) and <c>PeriodSeconds</c> (1). The defaults only stop floods; a throttled write writes nothing.
/// </summary>
public static class WriteRateLimits
{
    public const string Section = "RateLimiting:Writes";

    public static void AddWriteRateLimits(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(Section);
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = section.GetValue("TokenLimit", 2000),
            TokensPerPeriod = section.GetValue("TokensPerPeriod", 1000),
            ReplenishmentPeriod = TimeSpan.FromSeconds(section.GetValue("PeriodSeconds", 1.0)),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method)
                    ? RateLimitPartition.GetNoLimiter("reads")
                    : RateLimitPartition.GetTokenBucketLimiter(ClientOf(http), _ => bucket));
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, _) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : (int)Math.Ceiling(bucket.ReplenishmentPeriod.TotalSeconds);
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "too-many-requests",
                    type: "https://wuyang-patrol.example/problems/too-many-requests",
                    detail: $"This client sent more writes than its limit allows; nothing was recorded. Retry after {seconds} s.")
                    .ExecuteAsync(context.HttpContext);
            };
        });
    }

    private static string ClientOf(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && http.User.FindFirst(ClaimTypes.NameIdentifier)?.Value is { } actor
            ? "caller:" + actor
            : "address:" + http.Connection.RemoteIpAddress;
}
