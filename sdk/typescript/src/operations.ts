// Generated from openapi/openapi.json by scripts/generate-operations.mjs: do not edit (npm run generate).
import type { paths } from "./schema.js";
import type { Caller, CallOptions, JsonBody, Query, Result } from "./types.js";

export function operations(call: Caller) {
  return {
    analyze: {
      /** Transcribe speech: text, segments, word times, SRT and WebVTT (`POST /api/v1/analyze/transcript`, analyze.transcript) */
      transcript: (body: JsonBody<paths["/api/v1/analyze/transcript"]["post"]>, query?: Query<paths["/api/v1/analyze/transcript"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/analyze/transcript"]["post"]>>("POST", `/api/v1/analyze/transcript`, { body, query, ...options }),
      /** Analyse a video: transcript, topics, hook, captions, an explained virality score (`POST /api/v1/analyze/video`, analyze.video) */
      video: (body: JsonBody<paths["/api/v1/analyze/video"]["post"]>, query?: Query<paths["/api/v1/analyze/video"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/analyze/video"]["post"]>>("POST", `/api/v1/analyze/video`, { body, query, ...options }),
      /** The virality score of a video or a script, with each measured feature and its weight (`POST /api/v1/analyze/virality`, analyze.virality) */
      virality: (body: JsonBody<paths["/api/v1/analyze/virality"]["post"]>, query?: Query<paths["/api/v1/analyze/virality"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/analyze/virality"]["post"]>>("POST", `/api/v1/analyze/virality`, { body, query, ...options }),
      /** Analyse a YouTube video: metadata and captions through the YouTube Data API, then the text analysis (`POST /api/v1/analyze/youtube`, analyze.youtube) */
      youtube: (body: JsonBody<paths["/api/v1/analyze/youtube"]["post"]>, query?: Query<paths["/api/v1/analyze/youtube"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/analyze/youtube"]["post"]>>("POST", `/api/v1/analyze/youtube`, { body, query, ...options }),
    },
    audio: {
      /** Duck music under a voice: the mix, or the ducked music alone (`POST /api/v1/audio/duck`, audio.duck) */
      duck: (body: JsonBody<paths["/api/v1/audio/duck"]["post"]>, query?: Query<paths["/api/v1/audio/duck"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/audio/duck"]["post"]>>("POST", `/api/v1/audio/duck`, { body, query, ...options }),
      /** Mix voiceover, music and sfx tracks with ducking and a loudness target (`POST /api/v1/audio/mix`, audio.mix) */
      mix: (body: JsonBody<paths["/api/v1/audio/mix"]["post"]>, query?: Query<paths["/api/v1/audio/mix"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/audio/mix"]["post"]>>("POST", `/api/v1/audio/mix`, { body, query, ...options }),
      /** A music library track as a file, optionally cut or looped to a duration and faded (`POST /api/v1/audio/music/download`, audio.music_download) */
      musicDownload: (body: JsonBody<paths["/api/v1/audio/music/download"]["post"]>, query?: Query<paths["/api/v1/audio/music/download"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/audio/music/download"]["post"]>>("POST", `/api/v1/audio/music/download`, { body, query, ...options }),
      /** Search music: the local library, Jamendo or Freesound (answers at once, no job) (`POST /api/v1/audio/music/search`, audio.music_search) */
      musicSearch: (body: JsonBody<paths["/api/v1/audio/music/search"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/audio/music/search"]["post"]>>("POST", `/api/v1/audio/music/search`, { body, ...options }),
      /** A library track's original file (preview; supports Range) (`GET /api/v1/audio/music/tracks/{track_id}/audio`, audio.music_track_audio) */
      musicTrackAudio: (trackId: string, options?: CallOptions) =>
        call<Result<paths["/api/v1/audio/music/tracks/{track_id}/audio"]["get"]>>("GET", `/api/v1/audio/music/tracks/${encodeURIComponent(trackId)}/audio`, { ...options }),
      /** Normalise loudness of audio, or of a video's audio with the video stream copied (`POST /api/v1/audio/normalize`, audio.normalize) */
      normalize: (body: JsonBody<paths["/api/v1/audio/normalize"]["post"]>, query?: Query<paths["/api/v1/audio/normalize"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/audio/normalize"]["post"]>>("POST", `/api/v1/audio/normalize`, { body, query, ...options }),
      /** Overlay sound effects on audio, or on a video with its video stream copied (`POST /api/v1/audio/sfx`, audio.sfx) */
      sfx: (body: JsonBody<paths["/api/v1/audio/sfx"]["post"]>, query?: Query<paths["/api/v1/audio/sfx"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/audio/sfx"]["post"]>>("POST", `/api/v1/audio/sfx`, { body, query, ...options }),
      /** The built-in sound effects, by name, with their durations (`GET /api/v1/audio/sfx`, audio.sfx_list) */
      sfxList: (options?: CallOptions) =>
        call<Result<paths["/api/v1/audio/sfx"]["get"]>>("GET", `/api/v1/audio/sfx`, { ...options }),
      /** Music sources and whether each can be used now (`GET /api/v1/audio/sources`, audio.sources) */
      sources: (options?: CallOptions) =>
        call<Result<paths["/api/v1/audio/sources"]["get"]>>("GET", `/api/v1/audio/sources`, { ...options }),
    },
    avatar: {
      /** Talking head from a face image and speech with InfiniteTalk (Modal) (`POST /api/v1/avatar/infinitetalk`, avatar.infinitetalk) */
      infinitetalk: (body: JsonBody<paths["/api/v1/avatar/infinitetalk"]["post"]>, query?: Query<paths["/api/v1/avatar/infinitetalk"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/avatar/infinitetalk"]["post"]>>("POST", `/api/v1/avatar/infinitetalk`, { body, query, ...options }),
      /** Trained avatars (completed), usable as `avatar_id` by the talking-head endpoints (`GET /api/v1/avatar/models`, avatar.models) */
      models: (options?: CallOptions) =>
        call<Result<paths["/api/v1/avatar/models"]["get"]>>("GET", `/api/v1/avatar/models`, { ...options }),
      /** Talking head from a face image and speech with SadTalker (Replicate) (`POST /api/v1/avatar/sadtalker`, avatar.sadtalker) */
      sadtalker: (body: JsonBody<paths["/api/v1/avatar/sadtalker"]["post"]>, query?: Query<paths["/api/v1/avatar/sadtalker"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/avatar/sadtalker"]["post"]>>("POST", `/api/v1/avatar/sadtalker`, { body, query, ...options }),
      /** Talking head by the best configured backend for the input (still → InfiniteTalk/SadTalker, video → Wav2Lip) (`POST /api/v1/avatar/talking-head`, avatar.talking_head) */
      talkingHead: (body: JsonBody<paths["/api/v1/avatar/talking-head"]["post"]>, query?: Query<paths["/api/v1/avatar/talking-head"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/avatar/talking-head"]["post"]>>("POST", `/api/v1/avatar/talking-head`, { body, query, ...options }),
      /** Train a custom avatar from footage: answers `uploading` with the avatar and job ids (`POST /api/v1/avatar/train`, avatar.train) */
      train: (body: JsonBody<paths["/api/v1/avatar/train"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/avatar/train"]["post"]>>("POST", `/api/v1/avatar/train`, { body, ...options }),
      /** A training's status, progress and time remaining (by avatar id or job id) (`GET /api/v1/avatar/training/{training_id}`, avatar.training) */
      training: (trainingId: string, options?: CallOptions) =>
        call<Result<paths["/api/v1/avatar/training/{training_id}"]["get"]>>("GET", `/api/v1/avatar/training/${encodeURIComponent(trainingId)}`, { ...options }),
      /** Lip-sync a face video (or image) to speech with Wav2Lip (Replicate) (`POST /api/v1/avatar/wav2lip`, avatar.wav2lip) */
      wav2lip: (body: JsonBody<paths["/api/v1/avatar/wav2lip"]["post"]>, query?: Query<paths["/api/v1/avatar/wav2lip"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/avatar/wav2lip"]["post"]>>("POST", `/api/v1/avatar/wav2lip`, { body, query, ...options }),
    },
    files: {
      /** Download an output by its signed URL (supports Range) (`GET /api/v1/files/{token}`, files.download) */
      download: (token: string, options?: CallOptions) =>
        call<Result<paths["/api/v1/files/{token}"]["get"]>>("GET", `/api/v1/files/${encodeURIComponent(token)}`, { ...options }),
    },
    image: {
      /** Generate a consistent character: one image per expression, stored with its style prompt (`POST /api/v1/image/character`, image.character) */
      character: (body: JsonBody<paths["/api/v1/image/character"]["post"]>, query?: Query<paths["/api/v1/image/character"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/image/character"]["post"]>>("POST", `/api/v1/image/character`, { body, query, ...options }),
      /** One stored character with all its variants (`GET /api/v1/image/characters/{character_id}`, image.character_get) */
      characterGet: (characterId: string, options?: CallOptions) =>
        call<Result<paths["/api/v1/image/characters/{character_id}"]["get"]>>("GET", `/api/v1/image/characters/${encodeURIComponent(characterId)}`, { ...options }),
      /** Stored characters, newest first (cursor pagination, workspace filter) (`GET /api/v1/image/characters`, image.characters) */
      characters: (query?: Query<paths["/api/v1/image/characters"]["get"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/image/characters"]["get"]>>("GET", `/api/v1/image/characters`, { query, ...options }),
      /** More expressions, poses or outfits of a stored character (a job) (`POST /api/v1/image/character/{character_id}/variant`, image.character_variant) */
      characterVariant: (characterId: string, body: JsonBody<paths["/api/v1/image/character/{character_id}/variant"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/image/character/{character_id}/variant"]["post"]>>("POST", `/api/v1/image/character/${encodeURIComponent(characterId)}/variant`, { body, ...options }),
      /** Generate an image with the Gemini image model (`POST /api/v1/image/gemini`, image.gemini) */
      gemini: (body: JsonBody<paths["/api/v1/image/gemini"]["post"]>, query?: Query<paths["/api/v1/image/gemini"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/image/gemini"]["post"]>>("POST", `/api/v1/image/gemini`, { body, query, ...options }),
      /** Image providers: configured or not, and the variable that enables each (`GET /api/v1/image/providers`, image.providers) */
      providers: (options?: CallOptions) =>
        call<Result<paths["/api/v1/image/providers"]["get"]>>("GET", `/api/v1/image/providers`, { ...options }),
      /** Stickers: generated (or given) pictures cut out with a white outline and a soft shadow (`POST /api/v1/image/stickers`, image.stickers) */
      stickers: (body: JsonBody<paths["/api/v1/image/stickers"]["post"]>, query?: Query<paths["/api/v1/image/stickers"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/image/stickers"]["post"]>>("POST", `/api/v1/image/stickers`, { body, query, ...options }),
      /** The character style presets and their prompt fragments (`GET /api/v1/image/styles`, image.styles) */
      styles: (options?: CallOptions) =>
        call<Result<paths["/api/v1/image/styles"]["get"]>>("GET", `/api/v1/image/styles`, { ...options }),
    },
    jobs: {
      /** Cancel a job (admin scope, or the key that created it) (`DELETE /api/v1/jobs/{job_id}`, jobs.cancel) */
      cancel: (jobId: string, options?: CallOptions) =>
        call<Result<paths["/api/v1/jobs/{job_id}"]["delete"]>>("DELETE", `/api/v1/jobs/${encodeURIComponent(jobId)}`, { ...options }),
      /** Server-Sent Events of one job (resumable with Last-Event-ID) (`GET /api/v1/jobs/{job_id}/events`, jobs.events) */
      events: (jobId: string, options?: CallOptions) =>
        call<Result<paths["/api/v1/jobs/{job_id}/events"]["get"]>>("GET", `/api/v1/jobs/${encodeURIComponent(jobId)}/events`, { ...options }),
      /** Job status (the authoritative state) (`GET /api/v1/jobs/{job_id}`, jobs.get) */
      get: (jobId: string, options?: CallOptions) =>
        call<Result<paths["/api/v1/jobs/{job_id}"]["get"]>>("GET", `/api/v1/jobs/${encodeURIComponent(jobId)}`, { ...options }),
      /** List jobs, newest first (`GET /api/v1/jobs`, jobs.list) */
      list: (query?: Query<paths["/api/v1/jobs"]["get"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/jobs"]["get"]>>("GET", `/api/v1/jobs`, { query, ...options }),
      /** The job's log lines (`GET /api/v1/jobs/{job_id}/logs`, jobs.logs) */
      logs: (jobId: string, query?: Query<paths["/api/v1/jobs/{job_id}/logs"]["get"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/jobs/{job_id}/logs"]["get"]>>("GET", `/api/v1/jobs/${encodeURIComponent(jobId)}/logs`, { query, ...options }),
      /** Send a webhook delivery again (`POST /api/v1/jobs/{job_id}/webhooks/redeliver`, jobs.redeliver) */
      redeliver: (jobId: string, body: JsonBody<paths["/api/v1/jobs/{job_id}/webhooks/redeliver"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/jobs/{job_id}/webhooks/redeliver"]["post"]>>("POST", `/api/v1/jobs/${encodeURIComponent(jobId)}/webhooks/redeliver`, { body, ...options }),
      /** The result of a completed job (`GET /api/v1/jobs/{job_id}/result`, jobs.result) */
      result: (jobId: string, options?: CallOptions) =>
        call<Result<paths["/api/v1/jobs/{job_id}/result"]["get"]>>("GET", `/api/v1/jobs/${encodeURIComponent(jobId)}/result`, { ...options }),
      /** Webhook delivery log (`GET /api/v1/jobs/{job_id}/webhooks`, jobs.webhooks) */
      webhooks: (jobId: string, options?: CallOptions) =>
        call<Result<paths["/api/v1/jobs/{job_id}/webhooks"]["get"]>>("GET", `/api/v1/jobs/${encodeURIComponent(jobId)}/webhooks`, { ...options }),
    },
    openai: {
      /** OpenAI createImage: images of a prompt from the image provider chain (b64_json or url) (`POST /v1/images/generations`, openai.images) */
      images: (body: JsonBody<paths["/v1/images/generations"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/v1/images/generations"]["post"]>>("POST", `/v1/images/generations`, { body, ...options }),
      /** OpenAI retrieveModel: one served model name (`GET /v1/models/{model}`, openai.model) */
      model: (model: string, options?: CallOptions) =>
        call<Result<paths["/v1/models/{model}"]["get"]>>("GET", `/v1/models/${encodeURIComponent(model)}`, { ...options }),
      /** OpenAI listModels: the model names served here and what serves each (`GET /v1/models`, openai.models) */
      models: (options?: CallOptions) =>
        call<Result<paths["/v1/models"]["get"]>>("GET", `/v1/models`, { ...options }),
      /** OpenAI createSpeech: text to audio with a local voice or OpenAI's (tts.generate) (`POST /v1/audio/speech`, openai.speech) */
      speech: (body: JsonBody<paths["/v1/audio/speech"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/v1/audio/speech"]["post"]>>("POST", `/v1/audio/speech`, { body, ...options }),
      /** OpenAI createTranscription: speech to text, words, SRT or WebVTT (analyze.transcript) (`POST /v1/audio/transcriptions`, openai.transcriptions) */
      transcriptions: (options?: CallOptions) =>
        call<Result<paths["/v1/audio/transcriptions"]["post"]>>("POST", `/v1/audio/transcriptions`, { ...options }),
    },
    publish: {
      /** Publish a video to YouTube, TikTok and/or Instagram Reels: one job per platform (`POST /api/v1/publish`, publish.create) */
      create: (body: JsonBody<paths["/api/v1/publish"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/publish"]["post"]>>("POST", `/api/v1/publish`, { body, ...options }),
      /** Every publishing platform, configured or not: its limits and what to set (`GET /api/v1/publish/platforms`, publish.platforms) */
      platforms: (options?: CallOptions) =>
        call<Result<paths["/api/v1/publish/platforms"]["get"]>>("GET", `/api/v1/publish/platforms`, { ...options }),
    },
    render: {
      /** Render a shipped ad template by id with text and image bindings (`POST /api/v1/render/ad-template`, render.ad_template) */
      adTemplate: (body: JsonBody<paths["/api/v1/render/ad-template"]["post"]>, query?: Query<paths["/api/v1/render/ad-template"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/render/ad-template"]["post"]>>("POST", `/api/v1/render/ad-template`, { body, query, ...options }),
      /** Render a batch of videos (`POST /api/v1/render/batch`, render.batch) */
      batch: (body: JsonBody<paths["/api/v1/render/batch"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/render/batch"]["post"]>>("POST", `/api/v1/render/batch`, { body, ...options }),
      /** A batch: status, progress and each video (`GET /api/v1/render/batch/{batch_id}`, render.batch_status) */
      batchStatus: (batchId: string, options?: CallOptions) =>
        call<Result<paths["/api/v1/render/batch/{batch_id}"]["get"]>>("GET", `/api/v1/render/batch/${encodeURIComponent(batchId)}`, { ...options }),
      /** Render a video from a ContentBrief, drawn by its format (`POST /api/v1/render/brief`, render.brief) */
      brief: (body: JsonBody<paths["/api/v1/render/brief"]["post"]>, query?: Query<paths["/api/v1/render/brief"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/render/brief"]["post"]>>("POST", `/api/v1/render/brief`, { body, query, ...options }),
      /** Write a brief from a title and topics, and render it (`POST /api/v1/render/explainer`, render.explainer) */
      explainer: (body: JsonBody<paths["/api/v1/render/explainer"]["post"]>, query?: Query<paths["/api/v1/render/explainer"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/render/explainer"]["post"]>>("POST", `/api/v1/render/explainer`, { body, query, ...options }),
      /** A PNG frame of the format's example brief (≤ 960 px; rendered once, then cached) (`GET /api/v1/render/formats/{format_id}/preview`, render.format_preview) */
      formatPreview: (formatId: string, options?: CallOptions) =>
        call<Result<paths["/api/v1/render/formats/{format_id}/preview"]["get"]>>("GET", `/api/v1/render/formats/${encodeURIComponent(formatId)}/preview`, { ...options }),
      /** The brief formats: look, defaults, section types, an example brief and a preview (`GET /api/v1/render/formats`, render.formats) */
      formats: (options?: CallOptions) =>
        call<Result<paths["/api/v1/render/formats"]["get"]>>("GET", `/api/v1/render/formats`, { ...options }),
      /** Render a scene timeline (layers, keyframes, transitions, video clips, audio) to a video (`POST /api/v1/render/scene`, render.scene) */
      scene: (body: JsonBody<paths["/api/v1/render/scene"]["post"]>, query?: Query<paths["/api/v1/render/scene"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/render/scene"]["post"]>>("POST", `/api/v1/render/scene`, { body, query, ...options }),
      /** Render a static ad from a template (object or shipped id) with text and image bindings (`POST /api/v1/render/static-ad`, render.static_ad) */
      staticAd: (body: JsonBody<paths["/api/v1/render/static-ad"]["post"]>, query?: Query<paths["/api/v1/render/static-ad"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/render/static-ad"]["post"]>>("POST", `/api/v1/render/static-ad`, { body, query, ...options }),
      /** A shipped template with its document (a starting point for POST /render/static-ad) (`GET /api/v1/render/templates/{template_id}`, render.template) */
      template: (templateId: string, options?: CallOptions) =>
        call<Result<paths["/api/v1/render/templates/{template_id}"]["get"]>>("GET", `/api/v1/render/templates/${encodeURIComponent(templateId)}`, { ...options }),
      /** A PNG of the template with its default content (≤ 540 px; rendered once, then cached) (`GET /api/v1/render/templates/{template_id}/preview`, render.template_preview) */
      templatePreview: (templateId: string, options?: CallOptions) =>
        call<Result<paths["/api/v1/render/templates/{template_id}/preview"]["get"]>>("GET", `/api/v1/render/templates/${encodeURIComponent(templateId)}/preview`, { ...options }),
      /** The shipped ad templates: id, name, size, slots and preview URL (`GET /api/v1/render/templates`, render.templates) */
      templates: (options?: CallOptions) =>
        call<Result<paths["/api/v1/render/templates"]["get"]>>("GET", `/api/v1/render/templates`, { ...options }),
    },
    scripts: {
      /** A short-video script (HOOK, BODY_n, ENDING_CTA) with retrieval (`POST /api/v1/scripts/generate`, scripts.generate) */
      generate: (body: JsonBody<paths["/api/v1/scripts/generate"]["post"]>, query?: Query<paths["/api/v1/scripts/generate"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/scripts/generate"]["post"]>>("POST", `/api/v1/scripts/generate`, { body, query, ...options }),
      /** The knowledge base: starter and added entries, oldest first (`GET /api/v1/scripts/knowledge`, scripts.knowledge) */
      knowledge: (query?: Query<paths["/api/v1/scripts/knowledge"]["get"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/scripts/knowledge"]["get"]>>("GET", `/api/v1/scripts/knowledge`, { query, ...options }),
      /** Add a hook pattern or example script to the knowledge base (embedded at once) (`POST /api/v1/scripts/knowledge`, scripts.knowledge_add) */
      knowledgeAdd: (body: JsonBody<paths["/api/v1/scripts/knowledge"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/scripts/knowledge"]["post"]>>("POST", `/api/v1/scripts/knowledge`, { body, ...options }),
      /** Remove an entry from the knowledge base (`DELETE /api/v1/scripts/knowledge/{entry_id}`, scripts.knowledge_delete) */
      knowledgeDelete: (entryId: string, options?: CallOptions) =>
        call<Result<paths["/api/v1/scripts/knowledge/{entry_id}"]["delete"]>>("DELETE", `/api/v1/scripts/knowledge/${encodeURIComponent(entryId)}`, { ...options }),
    },
    sparkfluence: {
      /** Sparkfluence check-video-status (Endpoint 4): the clips' states and signed URLs (`POST /functions/v1/check-video-status`, sparkfluence.check_video_status) */
      checkVideoStatus: (body: JsonBody<paths["/functions/v1/check-video-status"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/functions/v1/check-video-status"]["post"]>>("POST", `/functions/v1/check-video-status`, { body, ...options }),
      /** Sparkfluence: combine segments (+ music) into the final video (`POST /api/combine-final-video`, sparkfluence.combine_final_video) */
      combineFinalVideo: (body: JsonBody<paths["/api/combine-final-video"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/combine-final-video"]["post"]>>("POST", `/api/combine-final-video`, { body, ...options }),
      /** Sparkfluence generate-images (Endpoint 2): one image per segment, answered when done (`POST /functions/v1/generate-images`, sparkfluence.generate_images) */
      generateImages: (body: JsonBody<paths["/functions/v1/generate-images"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/functions/v1/generate-images"]["post"]>>("POST", `/functions/v1/generate-images`, { body, ...options }),
      /** Sparkfluence generate-script (Endpoint 1): a script with retrieval, answered when done (`POST /functions/v1/generate-script`, sparkfluence.generate_script) */
      generateScript: (body: JsonBody<paths["/functions/v1/generate-script"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/functions/v1/generate-script"]["post"]>>("POST", `/functions/v1/generate-script`, { body, ...options }),
      /** Sparkfluence generate-videos (Endpoint 3): one clip job per segment; poll check-video-status (`POST /functions/v1/generate-videos`, sparkfluence.generate_videos) */
      generateVideos: (body: JsonBody<paths["/functions/v1/generate-videos"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/functions/v1/generate-videos"]["post"]>>("POST", `/functions/v1/generate-videos`, { body, ...options }),
      /** Sparkfluence: status of a combine job (`GET /api/job-status/{job_id}`, sparkfluence.job_status) */
      jobStatus: (jobId: string, options?: CallOptions) =>
        call<Result<paths["/api/job-status/{job_id}"]["get"]>>("GET", `/api/job-status/${encodeURIComponent(jobId)}`, { ...options }),
    },
    system: {
      /** Every endpoint with its scope and availability (`GET /api/v1/capabilities`, system.capabilities) */
      capabilities: (options?: CallOptions) =>
        call<Result<paths["/api/v1/capabilities"]["get"]>>("GET", `/api/v1/capabilities`, { ...options }),
      /** Basic health (`GET /health`, system.health) */
      health: (options?: CallOptions) =>
        call<Result<paths["/health"]["get"]>>("GET", `/health`, { ...options }),
      /** Liveness probe (`GET /health/live`, system.live) */
      live: (options?: CallOptions) =>
        call<Result<paths["/health/live"]["get"]>>("GET", `/health/live`, { ...options }),
      /** Prometheus metrics (`GET /metrics`, system.metrics) */
      metrics: (options?: CallOptions) =>
        call<Result<paths["/metrics"]["get"]>>("GET", `/metrics`, { ...options }),
      /** Readiness probe (status for anyone; dependencies with a read key) (`GET /health/ready`, system.ready) */
      ready: (options?: CallOptions) =>
        call<Result<paths["/health/ready"]["get"]>>("GET", `/health/ready`, { ...options }),
    },
    tts: {
      /** Speak text with a local voice or a provider of the chain, with word timings (`POST /api/v1/tts/generate`, tts.generate) */
      generate: (body: JsonBody<paths["/api/v1/tts/generate"]["post"]>, query?: Query<paths["/api/v1/tts/generate"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/tts/generate"]["post"]>>("POST", `/api/v1/tts/generate`, { body, query, ...options }),
      /** Speak one text, or a text per language, in several languages (one output each) (`POST /api/v1/tts/multi-language`, tts.multi_language) */
      multiLanguage: (body: JsonBody<paths["/api/v1/tts/multi-language"]["post"]>, query?: Query<paths["/api/v1/tts/multi-language"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/tts/multi-language"]["post"]>>("POST", `/api/v1/tts/multi-language`, { body, query, ...options }),
      /** Speech providers: configured or not (and what to set), languages, features, models (`GET /api/v1/tts/providers`, tts.providers) */
      providers: (options?: CallOptions) =>
        call<Result<paths["/api/v1/tts/providers"]["get"]>>("GET", `/api/v1/tts/providers`, { ...options }),
      /** Speak text in the voice of a 3–30 s reference or a saved profile (ElevenLabs or Modal) (`POST /api/v1/tts/voice-clone`, tts.voice_clone) */
      voiceClone: (body: JsonBody<paths["/api/v1/tts/voice-clone"]["post"]>, query?: Query<paths["/api/v1/tts/voice-clone"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/tts/voice-clone"]["post"]>>("POST", `/api/v1/tts/voice-clone`, { body, query, ...options }),
      /** Create a voice profile from 1–5 references (3–30 s) (`POST /api/v1/tts/voices`, tts.voice_create) */
      voiceCreate: (body: JsonBody<paths["/api/v1/tts/voices"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/tts/voices"]["post"]>>("POST", `/api/v1/tts/voices`, { body, ...options }),
      /** Delete a voice profile and its reference files (`DELETE /api/v1/tts/voices/{profile_id}`, tts.voice_delete) */
      voiceDelete: (profileId: string, options?: CallOptions) =>
        call<Result<paths["/api/v1/tts/voices/{profile_id}"]["delete"]>>("DELETE", `/api/v1/tts/voices/${encodeURIComponent(profileId)}`, { ...options }),
      /** A voice profile (`GET /api/v1/tts/voices/{profile_id}`, tts.voice_get) */
      voiceGet: (profileId: string, options?: CallOptions) =>
        call<Result<paths["/api/v1/tts/voices/{profile_id}"]["get"]>>("GET", `/api/v1/tts/voices/${encodeURIComponent(profileId)}`, { ...options }),
      /** Built-in voices (with licences) and saved voice profiles (`GET /api/v1/tts/voices`, tts.voices) */
      voices: (query?: Query<paths["/api/v1/tts/voices"]["get"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/tts/voices"]["get"]>>("GET", `/api/v1/tts/voices`, { query, ...options }),
    },
    uploads: {
      /** Upload a media file (multipart/form-data, one file part); use its id as a MediaRef (`POST /api/v1/uploads`, uploads.create) */
      create: (options?: CallOptions) =>
        call<Result<paths["/api/v1/uploads"]["post"]>>("POST", `/api/v1/uploads`, { ...options }),
      /** Delete an upload (`DELETE /api/v1/uploads/{upload_id}`, uploads.delete) */
      delete: (uploadId: string, options?: CallOptions) =>
        call<Result<paths["/api/v1/uploads/{upload_id}"]["delete"]>>("DELETE", `/api/v1/uploads/${encodeURIComponent(uploadId)}`, { ...options }),
      /** An upload's metadata (`GET /api/v1/uploads/{upload_id}`, uploads.get) */
      get: (uploadId: string, options?: CallOptions) =>
        call<Result<paths["/api/v1/uploads/{upload_id}"]["get"]>>("GET", `/api/v1/uploads/${encodeURIComponent(uploadId)}`, { ...options }),
    },
    video: {
      /** Combine video segments (stream copy when honest) with background music and a loudness target (`POST /api/v1/video/combine`, video.combine) */
      combine: (body: JsonBody<paths["/api/v1/video/combine"]["post"]>, query?: Query<paths["/api/v1/video/combine"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/video/combine"]["post"]>>("POST", `/api/v1/video/combine`, { body, query, ...options }),
      /** Animate a still image: a motion template (local engine) or an image-to-video model (`POST /api/v1/video/image-to-video`, video.image_to_video) */
      imageToVideo: (body: JsonBody<paths["/api/v1/video/image-to-video"]["post"]>, query?: Query<paths["/api/v1/video/image-to-video"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/video/image-to-video"]["post"]>>("POST", `/api/v1/video/image-to-video`, { body, query, ...options }),
      /** Text-to-video with Mochi 1 (Replicate) (`POST /api/v1/video/mochi`, video.mochi) */
      mochi: (body: JsonBody<paths["/api/v1/video/mochi"]["post"]>, query?: Query<paths["/api/v1/video/mochi"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/video/mochi"]["post"]>>("POST", `/api/v1/video/mochi`, { body, query, ...options }),
      /** Every video model (local ones too): capabilities, configured or not, what to set (`GET /api/v1/video/models`, video.models) */
      models: (options?: CallOptions) =>
        call<Result<paths["/api/v1/video/models"]["get"]>>("GET", `/api/v1/video/models`, { ...options }),
      /** Full pipeline: script → images → clips → voiceover → captions → music, one parent job (`POST /api/v1/video/pipeline`, video.pipeline) */
      pipeline: (body: JsonBody<paths["/api/v1/video/pipeline"]["post"]>, query?: Query<paths["/api/v1/video/pipeline"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/video/pipeline"]["post"]>>("POST", `/api/v1/video/pipeline`, { body, query, ...options }),
      /** Run a failed pipeline again, reusing the steps that finished (`POST /api/v1/video/pipeline/{job_id}/retry`, video.pipeline_retry) */
      pipelineRetry: (jobId: string, options?: CallOptions) =>
        call<Result<paths["/api/v1/video/pipeline/{job_id}/retry"]["post"]>>("POST", `/api/v1/video/pipeline/${encodeURIComponent(jobId)}/retry`, { ...options }),
      /** Sora 2 (retired 2026-09-24): generated by SORA_FALLBACK_MODEL, saying so (routed_from) (`POST /api/v1/video/sora`, video.sora) */
      sora: (body: JsonBody<paths["/api/v1/video/sora"]["post"]>, query?: Query<paths["/api/v1/video/sora"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/video/sora"]["post"]>>("POST", `/api/v1/video/sora`, { body, query, ...options }),
      /** Upscale or denoise a video locally (audio kept), or super-resolution, face restoration, colorize and style transfer on Replicate models (`POST /api/v1/video/transform`, video.transform) */
      transform: (body: JsonBody<paths["/api/v1/video/transform"]["post"]>, query?: Query<paths["/api/v1/video/transform"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/video/transform"]["post"]>>("POST", `/api/v1/video/transform`, { body, query, ...options }),
      /** Text- or image-to-video with Wan 2.2 (Replicate) (`POST /api/v1/video/wan2`, video.wan2) */
      wan2: (body: JsonBody<paths["/api/v1/video/wan2"]["post"]>, query?: Query<paths["/api/v1/video/wan2"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/video/wan2"]["post"]>>("POST", `/api/v1/video/wan2`, { body, query, ...options }),
    },
    visuals: {
      /** B-roll: stock clips ranked per script segment (optionally downloaded) (`POST /api/v1/visuals/broll`, visuals.broll) */
      broll: (body: JsonBody<paths["/api/v1/visuals/broll"]["post"]>, query?: Query<paths["/api/v1/visuals/broll"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/visuals/broll"]["post"]>>("POST", `/api/v1/visuals/broll`, { body, query, ...options }),
      /** A meme drawn locally: template, Imgflip template, GIPHY GIF, picture or clip; PNG/JPG, GIF or MP4 (`POST /api/v1/visuals/meme`, visuals.meme) */
      meme: (body: JsonBody<paths["/api/v1/visuals/meme"]["post"]>, query?: Query<paths["/api/v1/visuals/meme"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/visuals/meme"]["post"]>>("POST", `/api/v1/visuals/meme`, { body, query, ...options }),
      /** Search Imgflip templates or GIPHY GIFs for a meme (answers at once, no job) (`POST /api/v1/visuals/meme/search`, visuals.meme_search) */
      memeSearch: (body: JsonBody<paths["/api/v1/visuals/meme/search"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/visuals/meme/search"]["post"]>>("POST", `/api/v1/visuals/meme/search`, { body, ...options }),
      /** The meme templates drawn locally (and Imgflip's popular ones with ?source=imgflip) (`GET /api/v1/visuals/meme/templates`, visuals.meme_templates) */
      memeTemplates: (query?: Query<paths["/api/v1/visuals/meme/templates"]["get"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/visuals/meme/templates"]["get"]>>("GET", `/api/v1/visuals/meme/templates`, { query, ...options }),
      /** Search stock photos or videos on Pexels and Pixabay (answers at once, no job) (`POST /api/v1/visuals/stock`, visuals.stock) */
      stock: (body: JsonBody<paths["/api/v1/visuals/stock"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/visuals/stock"]["post"]>>("POST", `/api/v1/visuals/stock`, { body, ...options }),
      /** Vertical, person-centred stock clips for UGC-style videos (answers at once, no job) (`POST /api/v1/visuals/ugc`, visuals.ugc) */
      ugc: (body: JsonBody<paths["/api/v1/visuals/ugc"]["post"]>, options?: CallOptions) =>
        call<Result<paths["/api/v1/visuals/ugc"]["post"]>>("POST", `/api/v1/visuals/ugc`, { body, ...options }),
    },
  };
}
