using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenFineTune.Engine.Serving;
using OpenFineTune.Engine.Training;

namespace OpenFineTune.Server.Jobs;

/// <summary>AddJobs(): the fine-tuning job services and the background worker.</summary>
public static class JobsRegistration
{
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section)
            .Validate(o => o.MaxConcurrentJobs >= 1, "Jobs:MaxConcurrentJobs must be at least 1.")
            .Validate(o => o.KeepCheckpoints >= 1, "Jobs:KeepCheckpoints must be at least 1: a job resumes from its newest checkpoint.");
        services.AddSingleton<JobPaths>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobControl>();
        services.AddSingleton<JobSignal>();
        services.AddSingleton<BaseModelResolver>();
        services.AddSingleton<JobCreator>();
        services.AddSingleton<JobCommands>();
        services.AddSingleton<FineTuneSpecs>();
        services.AddSingleton<ModelPublisher>();
        services.AddSingleton<JobOutcomes>();
        services.AddSingleton<CheckpointRetention>();
        services.AddSingleton<JobValidation>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<JobRecovery>();
        services.AddHostedService<JobWorker>();
        services.TryAddSingleton<IFineTuner>(_ => new QLoraTrainer());
        return services;
    }
}
