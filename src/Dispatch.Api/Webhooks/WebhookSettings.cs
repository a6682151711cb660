namespace Dispatch.Api.Webhooks;

/// <summary>
/// Delivery settings (<c>Webhooks:*</c>). Attempt n that fails is retried after <see cref="FirstRetry"/> times 2^(n-1),
/// at most <see cref="LongestRetry"/>, until <see cref="MaxAttempts"/> attempts have failed. The queue works
/// <see cref="Parallelism"/> deliveries at once, at most <see cref="MaxInFlightPerWebhook"/> of them to one webhook; a
/// delivery over that share waits <see cref="BusyRetry"/> and tries again, without counting an attempt.
/// </summary>
public sealed record WebhookSettings(TimeSpan Timeout, int MaxAttempts, TimeSpan FirstRetry, TimeSpan LongestRetry, int Parallelism,
    int MaxInFlightPerWebhook, TimeSpan BusyRetry)
{
    public static WebhookSettings From(IConfiguration config) => new(
        TimeSpan.FromMilliseconds(config.GetValue("Webhooks:TimeoutMilliseconds", 10_000)),
        config.GetValue("Webhooks:MaxAttempts", 8),
        TimeSpan.FromMilliseconds(config.GetValue("Webhooks:FirstRetryMilliseconds", 30_000)),
        TimeSpan.FromMilliseconds(config.GetValue("Webhooks:LongestRetryMilliseconds", 3_600_000)),
        config.GetValue("Webhooks:Parallelism", 20),
        config.GetValue("Webhooks:MaxInFlightPerWebhook", 4),
        TimeSpan.FromMilliseconds(config.GetValue("Webhooks:BusyRetryMilliseconds", 1000)));

    public TimeSpan RetryAfter(int failedAttempt)
    {
        var delay = FirstRetry * Math.Pow(2, Math.Min(failedAttempt - 1, 30));
        return delay < LongestRetry ? delay : LongestRetry;
    }
}
