"""sfxm: run the 信息消费试点示范项目 program out of a Git repository."""

__version__ = "0.1.0"
