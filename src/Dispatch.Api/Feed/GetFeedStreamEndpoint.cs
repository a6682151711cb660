using Dispatch.Api.Access;
using Dispatch.Domain.Reference;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Feed;

/// <summary>How often the live feed looks for new events, and how often it proves an idle connection alive.</summary>
public sealed record FeedSettings(TimeSpan PollInterval, TimeSpan Heartbeat);

/// <summary>
/// The live feed as Server-Sent Events: from the cursor (<c>Last-Event-ID</c>, else <c>after</c>) through history and
/// on into live events, one read loop for both, so the seam between them has neither a gap nor a duplicate.
/// </summary>
public static class GetFeedStreamEndpoint
{
    [Authorize(Policy = Policies.Feed)]
    [WolverineGet("/feed/stream")]
    [ProducesResponseType(typeof(string), StatusCodes.Status200OK, "text/event-stream")]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status403Forbidden, "application/problem+json")]
    public static IResult Get([FromQuery] string? after, [FromQuery] string? types, [FromQuery] string? grid, HttpContext http,
        FeedReader reader, FeedSettings settings, ReferenceData reference)
    {
        var errors = new Dictionary<string, string[]>();
        var lastEventId = http.Request.Headers["Last-Event-ID"].FirstOrDefault();
        var cursor = lastEventId is not null ? FeedQuery.Cursor(lastEventId, "lastEventId", errors) : FeedQuery.Cursor(after, "after", errors);
        var filter = FeedQuery.Filter(types, grid, http.User, reference, errors, out var notGranted);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (notGranted.Count > 0) return FeedQuery.NotGranted(notGranted, http);
        return new FeedStream(reader, settings, filter!, cursor!.Value);
    }

    private sealed class FeedStream(FeedReader reader, FeedSettings settings, FeedFilter filter, long after) : IResult
    {
        private const int ItemsPerRead = 100;

        public async Task ExecuteAsync(HttpContext http)
        {
            var stopping = http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
            var cancellation = ended.Token;
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
            var cursor = after;
            // Heartbeats keep the connection alive in real time, whatever the business clock says: a monotonic timer.
            var sinceLastWrite = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                // The consumer learns at once that it is connected, before there is anything to send.
                await http.Response.StartAsync(cancellation);
                await writer.WriteAsync(": connected\n\n");
                await writer.FlushAsync(cancellation);
                while (!cancellation.IsCancellationRequested)
                {
                    var batch = await reader.ReadAsync(cursor, ItemsPerRead, filter, cancellation);
                    foreach (var item in batch.Items)
                    {
                        await writer.WriteAsync($"id: {item.Sequence}\nevent: {item.Event.Type}\ndata: {StructuredCloudEvent.ToJson(item.Event)}\n\n");
                        await writer.FlushAsync(cancellation);
                    }
                    if (batch.Items.Count > 0) sinceLastWrite.Restart();
                    var moved = batch.Next != cursor;
                    cursor = batch.Next;
                    if (moved) continue;

                    if (sinceLastWrite.Elapsed >= settings.Heartbeat)
                    {
                        await writer.WriteAsync(": heartbeat\n\n");
                        await writer.FlushAsync(cancellation);
                        sinceLastWrite.Restart();
                    }
                    await Task.Delay(settings.PollInterval, cancellation);
                }
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                // The consumer left, or the API is stopping; the consumer resumes from its last id.
            }
            catch (IOException)
            {
                // The connection broke while writing; the same.
            }
        }
    }
}
